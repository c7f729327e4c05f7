#include "head_layers_page.h"

#include <algorithm>
#include <cmath>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QResizeEvent>
#include <QValueAxis>

#include "axis_ticks.h"
#include "head_labels.h"
#include "layer_steps.h"

namespace ui {

HeadLayersPage::HeadLayersPage(QWidget *parent) : QScrollArea(parent), m_content(new QWidget(this)) {
  setWidgetResizable(true);
  m_grid = new QGridLayout(m_content);
  setWidget(m_content);
}

namespace {

QString distanceName() { return HeadLayersPage::tr("mean distance (÷ uniform)"); }
QString entropyName() { return HeadLayersPage::tr("entropy (÷ ln n)"); }

}  // namespace

int HeadLayersPage::fittingColumns() const {
  // A chart's legend in one line: both names, a marker and a gap each (about a line's height),
  // the chart's margins and the grid's spacing.
  const QFontMetrics metrics(font());
  const int legend = metrics.horizontalAdvance(distanceName()) + metrics.horizontalAdvance(entropyName()) +
                     4 * metrics.height() + 2 * m_grid->spacing();
  return viewport()->width() >= 2 * legend + m_grid->spacing() ? 2 : 1;
}

void HeadLayersPage::placeCharts() {
  m_columns = fittingColumns();
  for (QChartView *chartView : m_charts) m_grid->removeWidget(chartView);
  // One a row: each chart the page's height, so it is read whole without its neighbour squeezing it.
  const QMargins margins = m_grid->contentsMargins();
  const int pageHeight = viewport()->height() - margins.top() - margins.bottom();
  const int minimum = m_columns == 1 ? std::max(kChartMinimumHeight, pageHeight) : kChartMinimumHeight;
  for (std::size_t layer = 0; layer < m_charts.size(); ++layer) {
    const int index = static_cast<int>(layer);
    m_charts[layer]->setMinimumHeight(minimum);
    m_grid->addWidget(m_charts[layer], index / m_columns, index % m_columns);
  }
}

void HeadLayersPage::resizeEvent(QResizeEvent *event) {
  QScrollArea::resizeEvent(event);
  const bool heightMatters = m_columns == 1 && !m_charts.empty();
  if (fittingColumns() != m_columns || heightMatters) placeCharts();
}

QChart *HeadLayersPage::chart(int layer) const {
  return layer >= 0 && layer < chartCount() ? m_charts[static_cast<std::size_t>(layer)]->chart() : nullptr;
}

void HeadLayersPage::showHeads(const HeadView &view) {
  m_view = view;
  for (QChartView *chartView : m_charts) delete chartView;
  m_charts.clear();
  const core::KindHeads *heads = m_view.heads();
  if (!heads) return;
  // One y-scale for every layer, so bars compare across charts; round ticks (0, 0.25, 0.5 …).
  double top = 1.0;
  for (int layer = 0; layer < heads->layers; ++layer) {
    for (int head = 0; head < heads->heads; ++head) {
      const core::HeadMetrics &m = heads->at(layer, head);
      top = std::max({top, m.entropy_normalized, m.mean_distance_normalized.value_or(0.0)});
    }
  }
  const double step = roundTickStep(top, 4);
  top = std::ceil(top / step - 1e-9) * step;
  for (int layer = 0; layer < heads->layers; ++layer) {
    auto *distance = new QBarSet(distanceName());
    auto *entropy = new QBarSet(entropyName());
    QStringList categories;
    for (int head = 0; head < heads->heads; ++head) {
      const core::HeadMetrics &m = heads->at(layer, head);
      if (m.mean_distance_normalized) distance->append(*m.mean_distance_normalized);
      entropy->append(m.entropy_normalized);
      categories << tr("H%1 · %2").arg(head + 1).arg(headClassName(core::classify_head(m, m_view.thresholds)));
    }
    auto *series = new QBarSeries;
    if (distance->count() > 0) series->append(distance);
    else delete distance;
    series->append(entropy);
    auto *chart = new QChart;
    tightenChart(chart);
    chart->setTitle(tr("%1 layer %2").arg(describeKind(heads->kind)).arg(layer + 1));
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    auto *y = new QValueAxis;
    y->setRange(0.0, top);
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0.0);
    y->setTickInterval(step);
    y->setLabelFormat(QStringLiteral("%.2g"));
    attachAxes(chart, x, y);
    chart->legend()->setAlignment(Qt::AlignBottom);
    connect(series, &QBarSeries::clicked, this,
            [this, kind = heads->kind, layer](int index, QBarSet *) { emit headClicked({kind, layer, index}); });
    connect(series, &QBarSeries::hovered, this, [this, kind = heads->kind, layer](bool status, int index, QBarSet *) {
      const core::HeadMetrics *m = m_view.metrics({kind, layer, index});
      if (!status || !m || m_charts.size() <= static_cast<std::size_t>(layer)) return;
      m_charts[static_cast<std::size_t>(layer)]->setToolTip(
          tr("Head %1: mean distance %2 tokens (%3 of uniform), entropy %4 nats (%5 of ln n)")
              .arg(index + 1)
              .arg(metricText(m->mean_distance), metricText(m->mean_distance_normalized))
              .arg(m->entropy, 0, 'f', 2)
              .arg(m->entropy_normalized, 0, 'f', 2));
    });
    auto *chartView = new QChartView(m_content);
    prepareChartView(chartView);
    chartView->setChart(chart);
    m_charts.push_back(chartView);
  }
  placeCharts();
}

}  // namespace ui
