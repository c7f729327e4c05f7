#include "head_layers_page.h"

#include <algorithm>
#include <cmath>

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
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
    auto *distance = new QBarSet(tr("mean distance (÷ uniform)"));
    auto *entropy = new QBarSet(tr("entropy (÷ ln n)"));
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
    m_grid->addWidget(chartView, layer / 2, layer % 2);
    m_charts.push_back(chartView);
  }
}

}  // namespace ui
