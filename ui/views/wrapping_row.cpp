#include "wrapping_row.h"

#include <algorithm>

#include <QBoxLayout>
#include <QEvent>

namespace ui {

WrappingRow::WrappingRow(QWidget *parent) : QWidget(parent), m_layout(new QBoxLayout(QBoxLayout::LeftToRight, this)) {
  m_layout->setContentsMargins(0, 0, 0, 0);
}

void WrappingRow::addWidget(QWidget *widget, int stretch) {
  m_layout->addWidget(widget, stretch);
  arrange();
}

void WrappingRow::setSideBySideSpacing(int spacing) {
  m_sideBySideSpacing = spacing;
  if (!isWrapped()) m_layout->setSpacing(spacing);
  arrange();
}

bool WrappingRow::isWrapped() const { return m_layout->direction() == QBoxLayout::TopToBottom; }

int WrappingRow::sideBySideWidth() const {
  int width = 0;
  int shown = 0;
  for (int i = 0; i < m_layout->count(); ++i) {
    const QWidget *widget = m_layout->itemAt(i)->widget();
    if (!widget || widget->isHidden()) continue;
    width += std::max(widget->sizeHint().width(), widget->minimumSizeHint().width());
    ++shown;
  }
  return width + std::max(0, shown - 1) * m_sideBySideSpacing;
}

QSize WrappingRow::minimumSizeHint() const {
  int width = 0;
  for (int i = 0; i < m_layout->count(); ++i) {
    const QWidget *widget = m_layout->itemAt(i)->widget();
    if (widget && !widget->isHidden()) width = std::max(width, widget->minimumSizeHint().width());
  }
  return {width, m_layout->minimumSize().height()};
}

void WrappingRow::arrange() {
  const QBoxLayout::Direction direction =
      sideBySideWidth() <= width() ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom;
  // The choice depends on the row's width (its parent's to give) and its widgets' preferred
  // widths, never on the arrangement itself, so it settles at once.
  if (direction == m_layout->direction()) return;
  m_layout->setDirection(direction);
  m_layout->setSpacing(direction == QBoxLayout::LeftToRight ? m_sideBySideSpacing : -1);
}

bool WrappingRow::event(QEvent *event) {
  const bool handled = QWidget::event(event);
  // A widget shown, hidden or resized to new contents (the steppers' lists) asks for a new layout.
  if (event->type() == QEvent::LayoutRequest) arrange();
  return handled;
}

void WrappingRow::resizeEvent(QResizeEvent *event) {
  QWidget::resizeEvent(event);
  arrange();
}

}  // namespace ui
