#include "head_reach_page.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include "head_labels.h"
#include "layer_steps.h"

namespace ui {

namespace {

// The tokens a kind's queries and keys are, from the analysis.
const core::Tokenization &queryTokens(const Analysis &analysis, core::AttentionKind kind) {
  return kind == core::AttentionKind::EncoderSelf ? analysis.source : analysis.target;
}

}  // namespace

HeadReachPage::HeadReachPage(QWidget *parent) : QChartView(parent) { prepareChartView(this); }

void HeadReachPage::showHeads(const HeadView &view) {
  auto *chart = new QChart;
  tightenChart(chart);
  chart->setTitle(tr("How far can each layer see? Attention vs a stack of width-3 convolutions"));
  if (view.shown && view.analysis) {
    int layers = 0;
    int longest = 0;
    auto *x = new QValueAxis;
    x->setTitleText(tr("layer"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("tokens"));
    double top = 1.0;
    for (const core::KindHeads &heads : view.shown->report.kinds) {
      if (heads.kind == core::AttentionKind::DecoderCross) continue;
      layers = std::max(layers, heads.layers);
      longest = std::max(longest, static_cast<int>(queryTokens(*view.analysis, heads.kind).size()));
      auto *series = new QLineSeries;
      // Short names: the legend sits right of the plot, a name a line, in at most about a third of
      // the chart's width (a row of five long names under it was cut short at every size).
      series->setName(heads.kind == core::AttentionKind::EncoderSelf ? tr("encoder: mean distance")
                                                                     : tr("decoder: mean distance"));
      for (int layer = 0; layer < heads.layers; ++layer) {
        double sum = 0.0;
        for (int head = 0; head < heads.heads; ++head) sum += heads.at(layer, head).mean_distance.value_or(0.0);
        series->append(layer + 1, sum / heads.heads);
        top = std::max(top, sum / heads.heads);
      }
      series->setPointsVisible(true);
      chart->addSeries(series);
    }
    // every attention layer can reach the whole input: n − 1 tokens away
    auto *reach = new QLineSeries;
    reach->setName(tr("attention: reach n − 1"));
    // after l width-3 convolutions a token sees l tokens to each side; uniform weights over that
    // window have mean distance Σ_{d=−l..l} |d| / (2l + 1) = l (l + 1) / (2l + 1)
    auto *convolution = new QLineSeries;
    convolution->setName(tr("CNN: reach l"));
    auto *convolutionMean = new QLineSeries;
    convolutionMean->setName(tr("CNN: mean distance"));
    for (int layer = 1; layer <= std::max(layers, 1); ++layer) {
      reach->append(layer, std::max(0, longest - 1));
      convolution->append(layer, layer);
      convolutionMean->append(layer, layer * (layer + 1.0) / (2.0 * layer + 1.0));
    }
    top = std::max({top, static_cast<double>(longest - 1), static_cast<double>(layers)});
    QPen dashed(Qt::DashLine);
    dashed.setWidthF(1.5);
    dashed.setColor(QColor(0x59, 0x59, 0x59));
    reach->setPen(dashed);
    convolution->setColor(QColor(0xd6, 0x27, 0x28));
    QPen dotted(Qt::DotLine);
    dotted.setWidthF(2.0);
    dotted.setColor(QColor(0xd6, 0x27, 0x28));
    convolutionMean->setPen(dotted);
    chart->addSeries(reach);
    chart->addSeries(convolution);
    chart->addSeries(convolutionMean);
    x->setRange(1, std::max(layers, 2));
    x->setTickCount(std::max(layers, 2));
    y->setRange(0.0, std::ceil(top) + 1.0);
    attachAxes(chart, x, y);
    chart->legend()->setAlignment(Qt::AlignRight);
  }
  QChart *old = this->chart();
  setChart(chart);
  delete old;
}

}  // namespace ui
