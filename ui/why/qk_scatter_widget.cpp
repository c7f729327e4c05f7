#include "qk_scatter_widget.h"

#include <algorithm>
#include <cmath>

#include <QHash>
#include <QMouseEvent>
#include <QPainter>

#include "colour_scales.h"

namespace ui {

namespace {
constexpr double kRadius = 3.5;       // a point's half size, pixels
constexpr double kPickDistance = 8.0;  // a click this close selects a point
}  // namespace

QkScatterWidget::QkScatterWidget(QWidget *parent) : QWidget(parent) {
  setMinimumSize(200, 160);
  m_placeholder = tr("Choose a corpus file and compute the map.");
}

void QkScatterWidget::setMap(const core::QkMap *map) {
  m_map = map;
  m_minX = m_minY = 0.0;
  m_maxX = m_maxY = 1.0;
  m_maxPosition = 1;
  if (m_map != nullptr && !m_map->points.empty()) {
    m_minX = m_maxX = m_map->points.front().x;
    m_minY = m_maxY = m_map->points.front().y;
    for (const core::QkPoint &point : m_map->points) {
      m_minX = std::min(m_minX, point.x);
      m_maxX = std::max(m_maxX, point.x);
      m_minY = std::min(m_minY, point.y);
      m_maxY = std::max(m_maxY, point.y);
      m_maxPosition = std::max(m_maxPosition, point.position);
    }
    // a flat axis (every point equal along it) still gets a width
    if (m_maxX - m_minX < 1e-12) m_maxX = m_minX + 1.0;
    if (m_maxY - m_minY < 1e-12) m_maxY = m_minY + 1.0;
  }
  update();
}

void QkScatterWidget::setColouring(Colouring colouring) {
  m_colouring = colouring;
  update();
}

void QkScatterWidget::setPlaceholder(const QString &text) {
  m_placeholder = text;
  update();
}

QRectF QkScatterWidget::plotArea() const { return QRectF(rect()).adjusted(12, 12, -12, -28); }

QPointF QkScatterWidget::pointPosition(int n) const {
  const core::QkPoint &point = m_map->points[static_cast<std::size_t>(n)];
  const QRectF area = plotArea();
  // x to the right, y up, as a plot reads
  return {area.left() + (point.x - m_minX) / (m_maxX - m_minX) * area.width(),
          area.bottom() - (point.y - m_minY) / (m_maxY - m_minY) * area.height()};
}

int QkScatterWidget::pointAt(const QPointF &position) const {
  if (m_map == nullptr) return -1;
  int best = -1;
  double bestDistance = kPickDistance;
  for (int n = 0; n < static_cast<int>(m_map->points.size()); ++n) {
    const QPointF offset = pointPosition(n) - position;
    const double distance = std::hypot(offset.x(), offset.y());
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = n;
    }
  }
  return best;
}

QColor QkScatterWidget::pointColour(int n) const {
  const core::QkPoint &point = m_map->points[static_cast<std::size_t>(n)];
  if (m_colouring == Colouring::Position) {
    return weightColour(static_cast<float>(point.position) / static_cast<float>(m_maxPosition));
  }
  // one hue per token text, the same in every redraw
  const std::size_t hash = qHash(QString::fromStdString(point.token));
  return QColor::fromHsv(static_cast<int>(hash % 360), 170, 200);
}

void QkScatterWidget::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());
  if (m_map == nullptr || m_map->points.empty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    return;
  }
  painter.setRenderHint(QPainter::Antialiasing);
  const QRectF area = plotArea();
  painter.setPen(palette().color(QPalette::Mid));
  painter.drawRect(area);
  for (int n = 0; n < static_cast<int>(m_map->points.size()); ++n) {
    const QPointF centre = pointPosition(n);
    const QRectF box(centre.x() - kRadius, centre.y() - kRadius, 2 * kRadius, 2 * kRadius);
    painter.setBrush(pointColour(n));
    painter.setPen(QPen(palette().color(QPalette::Text), 0.5));
    if (m_map->points[static_cast<std::size_t>(n)].kind == core::QkPointKind::Query) painter.drawEllipse(box);
    else painter.drawRect(box);
  }
  painter.setPen(palette().color(QPalette::Text));
  const QRectF legend(area.left(), area.bottom() + 4, area.width(), 20);
  painter.drawText(legend, Qt::AlignLeft | Qt::AlignVCenter,
                   tr("● query   ■ key   x: PC1 (%1% of the spread)   y: PC2 (%2%)")
                       .arg(100.0 * m_map->explained[0], 0, 'f', 1)
                       .arg(100.0 * m_map->explained[1], 0, 'f', 1));
}

void QkScatterWidget::mousePressEvent(QMouseEvent *event) {
  const int n = pointAt(event->position());
  if (n >= 0) emit pointClicked(n);
  QWidget::mousePressEvent(event);
}

}  // namespace ui
