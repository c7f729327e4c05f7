#include "head_scatter_page.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QScatterSeries>
#include <QValueAxis>

#include "colour_scales.h"
#include "head_labels.h"

namespace ui {

namespace {

constexpr core::HeadClass kClasses[] = {core::HeadClass::Local, core::HeadClass::Global, core::HeadClass::Positional,
                                        core::HeadClass::Sink, core::HeadClass::Mixed};

QScatterSeries::MarkerShape classShape(core::HeadClass headClass) {
  switch (headClass) {
    case core::HeadClass::Local: return QScatterSeries::MarkerShapeCircle;
    case core::HeadClass::Global: return QScatterSeries::MarkerShapeRectangle;
    case core::HeadClass::Positional: return QScatterSeries::MarkerShapeTriangle;
    case core::HeadClass::Sink: return QScatterSeries::MarkerShapeStar;
    case core::HeadClass::Mixed: return QScatterSeries::MarkerShapePentagon;
  }
  return QScatterSeries::MarkerShapeCircle;
}

// Where a head sits: cross-attention has no distance, so its x is the sink share.
QPointF point(const core::HeadMetrics &m, bool cross) {
  return {cross ? m.sink : m.mean_distance_normalized.value_or(0.0), m.entropy_normalized};
}

}  // namespace

HeadScatterPage::HeadScatterPage(QWidget *parent) : QChartView(parent) { prepareChartView(this); }

void HeadScatterPage::showHeads(const HeadView &view) {
  m_view = view;
  auto *chart = new QChart;
  tightenChart(chart);
  const core::KindHeads *heads = m_view.heads();
  const bool cross = m_view.kind == core::AttentionKind::DecoderCross;
  // Cross-attention's x is another metric, which the title says; otherwise the axes' titles say
  // it all, and without a title the plot keeps room for the entropy axis's (in presentation
  // mode at 800 px it was cut to "entropy ÷ l...").
  if (cross) {
    chart->setTitle(tr("Cross-attention: query and key positions are not comparable, so there is no "
                       "distance; x = sink share"));
  }
  if (heads) {
    auto *x = new QValueAxis;
    x->setTitleText(cross ? tr("sink share") : tr("mean attention distance ÷ uniform"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("entropy ÷ ln n"));
    double xMax = 1.0;
    for (const core::HeadClass headClass : kClasses) {
      for (int layer = 0; layer < heads->layers; ++layer) {
        auto *series = new QScatterSeries;
        std::vector<core::HeadRef> members;
        for (int head = 0; head < heads->heads; ++head) {
          const core::HeadMetrics &m = heads->at(layer, head);
          if (core::classify_head(m, m_view.thresholds) != headClass) continue;
          const QPointF p = point(m, cross);
          xMax = std::max(xMax, p.x());
          series->append(p);
          members.push_back({heads->kind, layer, head});
        }
        if (members.empty()) {
          delete series;
          continue;
        }
        series->setName(tr("L%1 · %2").arg(layer + 1).arg(headClassName(headClass)));
        series->setColor(headColour(layer));
        series->setBorderColor(headColour(layer).darker(140));
        series->setMarkerShape(classShape(headClass));
        series->setMarkerSize(13);
        chart->addSeries(series);
        connect(series, &QScatterSeries::clicked, this, [this, series, members](const QPointF &clicked) {
          // the member whose point is nearest the click
          const QList<QPointF> points = series->points();
          int best = 0;
          double bestDistance = 1e300;
          for (int i = 0; i < points.size(); ++i) {
            const double d = std::hypot(points[i].x() - clicked.x(), points[i].y() - clicked.y());
            if (d < bestDistance) {
              bestDistance = d;
              best = i;
            }
          }
          if (best < static_cast<int>(members.size())) emit headClicked(members[static_cast<std::size_t>(best)]);
        });
      }
    }
    const core::HeadRef &selected = m_view.selected;
    if (selected.kind == heads->kind && selected.layer < heads->layers && selected.head < heads->heads) {
      auto *ring = new QScatterSeries;
      ring->setName(tr("selected: %1").arg(headLabel(selected)));
      ring->append(point(heads->at(selected.layer, selected.head), cross));
      ring->setMarkerSize(24);
      ring->setColor(Qt::transparent);
      ring->setBorderColor(palette().color(QPalette::WindowText));
      chart->addSeries(ring);
    }
    x->setRange(0.0, std::ceil(xMax * 10.0) / 10.0 + 0.05);
    y->setRange(0.0, 1.05);
    attachAxes(chart, x, y);
    chart->legend()->setAlignment(Qt::AlignRight);
  }
  QChart *old = this->chart();
  setChart(chart);
  // Later, not now: a click on one of the old chart's points lands here (headClicked → the
  // selection ring redrawn) while that chart is still handling the mouse event.
  if (old) old->deleteLater();
}

QPoint HeadScatterPage::position(const core::HeadRef &head) const {
  QChart *chart = this->chart();
  const core::HeadMetrics *m = m_view.metrics(head);
  if (!chart || !m || chart->series().isEmpty()) return {-1, -1};
  const QPointF inChart = chart->mapToPosition(point(*m, head.kind == core::AttentionKind::DecoderCross),
                                               chart->series().front());
  return mapFromScene(chart->mapToScene(inChart));
}

}  // namespace ui
