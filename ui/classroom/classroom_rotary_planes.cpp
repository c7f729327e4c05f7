#include "classroom_rotary_planes.h"

#include <algorithm>
#include <cmath>

#include <QPainter>

#include "formula.h"

namespace ui {

namespace {

constexpr int maximumPlanes = 8;

}  // namespace

ClassroomRotaryPlanes::ClassroomRotaryPlanes(QWidget *parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void ClassroomRotaryPlanes::setPlanes(const core::RotaryPlanes &planes, const QVector<int> &pairsOff) {
  m_planes = planes;
  m_pairsOff = pairsOff;
  updateGeometry();
  update();
}

QVector<int> ClassroomRotaryPlanes::shownPairs() const {
  const int pairs = static_cast<int>(m_planes.omega.size());
  QVector<int> shown;
  const int count = std::min(pairs, maximumPlanes);
  for (int n = 0; n < count; ++n) {
    // evenly spread over 0 … pairs − 1, first and last included
    const int pair = count == 1 ? 0 : static_cast<int>(std::lround(n * (pairs - 1) / static_cast<double>(count - 1)));
    if (shown.isEmpty() || shown.back() != pair) shown << pair;
  }
  return shown;
}

QSize ClassroomRotaryPlanes::sizeHint() const { return {720, 170 + 3 * fontMetrics().height()}; }

void ClassroomRotaryPlanes::paintEvent(QPaintEvent *) {
  const QVector<int> shown = shownPairs();
  if (shown.isEmpty()) return;
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const QFontMetrics metrics(font());
  const double line = metrics.height();
  // as many rows of planes as make the circles largest
  int rows = 1;
  double radius = 0;
  for (int r = 1; r <= shown.size(); ++r) {
    const int columns = (static_cast<int>(shown.size()) + r - 1) / r;
    const double fit = std::min(width() / static_cast<double>(columns) / 2 - 8, (height() / static_cast<double>(r) - 3 * line - 16) / 2);
    if (fit > radius) {
      radius = fit;
      rows = r;
    }
  }
  radius = std::max(8.0, radius);
  const int columns = (static_cast<int>(shown.size()) + rows - 1) / rows;
  const double slot = width() / static_cast<double>(columns);
  const double rowHeight = height() / static_cast<double>(rows);
  const int positions = static_cast<int>(m_planes.angle.rows());
  const QColor text = palette().color(QPalette::WindowText);
  for (int s = 0; s < shown.size(); ++s) {
    const int pair = shown[s];
    const bool off = m_pairsOff.contains(pair);
    const double top = rowHeight * (s / columns);
    const double left = slot * (s % columns);
    const QPointF centre(left + slot / 2, top + line + 6 + radius);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(centre, radius, radius);
    // the plane's axes: dims n and n + r/2 of the head
    painter.drawLine(centre - QPointF(radius, 0), centre + QPointF(radius, 0));
    painter.drawLine(centre - QPointF(0, radius), centre + QPointF(0, radius));
    for (int p = 0; p < positions; ++p) {
      // position p's point (cos pω, sin pω), darker for later positions
      const double angle = off ? 0.0 : m_planes.angle(p, pair);
      const double shade = positions > 1 ? static_cast<double>(p) / (positions - 1) : 1.0;
      QColor colour = off ? palette().color(QPalette::Mid) : QColor::fromHslF(0.6, 0.7, 0.8 - 0.55 * shade);
      painter.setPen(QPen(colour, p == 0 ? 2.5 : 1.2));
      painter.drawLine(centre, centre + QPointF(radius * std::cos(angle), -radius * std::sin(angle)));
    }
    painter.setPen(text);
    const double omega = m_planes.omega[static_cast<std::size_t>(pair)];
    drawFormula(painter, QRectF(left, top, slot, line + 4), Qt::AlignCenter,
                off ? tr("pair %1 (off)").arg(pair) : tr("pair %1").arg(pair));
    drawFormula(painter, QRectF(left, centre.y() + radius + 4, slot, line), Qt::AlignCenter,
                QStringLiteral("ω_%1 = %2").arg(pair).arg(QString::number(omega, 'g', 3)));
    // λ_n = 2π / ω_n, the positions one full turn takes
    const double wavelength = m_planes.wavelength[static_cast<std::size_t>(pair)];
    painter.drawText(QRectF(left, centre.y() + radius + 4 + line, slot, line), Qt::AlignCenter,
                     tr("turn: %1 positions").arg(QString::number(wavelength, 'f', wavelength < 100 ? 1 : 0)));
  }
}

}  // namespace ui
