#include "classroom_permutation_view.h"

#include <QPainter>
#include <QPainterPath>

#include "colour_scales.h"

namespace ui {

ClassroomPermutationView::ClassroomPermutationView(QWidget *parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ClassroomPermutationView::setPermutation(const QStringList &original, const core::Permutation &order) {
  m_original = original;
  m_order = order;
  update();
}

QSize ClassroomPermutationView::sizeHint() const { return {400, 4 * fontMetrics().height() + 40}; }

void ClassroomPermutationView::paintEvent(QPaintEvent *) {
  const int n = static_cast<int>(m_order.size());
  if (n == 0 || m_original.size() != n) return;
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const double slot = width() / static_cast<double>(n);
  const double lineHeight = fontMetrics().height();
  const double top = lineHeight + 4;
  const double bottom = height() - lineHeight - 4;
  const auto centre = [slot](int index) { return slot * (index + 0.5); };
  for (int p = 0; p < n; ++p) {
    const int from = m_order[p];
    // An unmoved word gets a faint line, a moved one its token's colour, so the shuffle stands out.
    QPen pen(from == p ? palette().color(QPalette::Mid) : headColour(from), from == p ? 1.0 : 2.0);
    painter.setPen(pen);
    QPainterPath path(QPointF(centre(from), top));
    path.cubicTo(centre(from), (top + bottom) / 2, centre(p), (top + bottom) / 2, centre(p), bottom);
    painter.drawPath(path);
  }
  painter.setPen(palette().color(QPalette::WindowText));
  for (int i = 0; i < n; ++i) {
    painter.drawText(QRectF(slot * i, 0, slot, lineHeight), Qt::AlignCenter, m_original[i]);
    painter.drawText(QRectF(slot * i, bottom + 2, slot, lineHeight), Qt::AlignCenter, m_original[m_order[i]]);
  }
}

}  // namespace ui
