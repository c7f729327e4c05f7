#include "head_chips_widget.h"

#include <algorithm>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "colour_scales.h"

namespace ui {

namespace {

constexpr double kChipWidth = 64.0;
constexpr double kChipHeight = 24.0;
constexpr double kGap = 6.0;

}  // namespace

HeadChipsWidget::HeadChipsWidget(QWidget *parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void HeadChipsWidget::setHeadCount(int heads) {
  m_visible = QVector<bool>(std::max(heads, 0), true);
  m_focused = 0;
  updateGeometry();
  update();
  emit visibleHeadsChanged(m_visible);
  emit focusedHeadChanged(m_focused);
}

QRectF HeadChipsWidget::chipRect(int head) const {
  return {1 + head * (kChipWidth + kGap), 1, kChipWidth, kChipHeight};
}

QSize HeadChipsWidget::sizeHint() const {
  return {int((headCount() + 1) * (kChipWidth + kGap)) + 2, int(kChipHeight) + 2};
}

QSize HeadChipsWidget::minimumSizeHint() const { return {int(kChipWidth) * 2, int(kChipHeight) + 2}; }

void HeadChipsWidget::focus(int head) {
  if (head == m_focused) return;
  m_focused = head;
  emit focusedHeadChanged(head);
}

void HeadChipsWidget::toggleHead(int head) {
  if (head < 0 || head >= headCount()) return;
  m_visible[head] = !m_visible[head];
  if (m_visible[head]) focus(head);
  update();
  emit visibleHeadsChanged(m_visible);
}

void HeadChipsWidget::showHeadAlone(int head) {
  if (head < 0 || head >= headCount()) return;
  std::fill(m_visible.begin(), m_visible.end(), false);
  m_visible[head] = true;
  focus(head);
  update();
  emit visibleHeadsChanged(m_visible);
}

void HeadChipsWidget::showAllHeads() {
  std::fill(m_visible.begin(), m_visible.end(), true);
  update();
  emit visibleHeadsChanged(m_visible);
}

void HeadChipsWidget::setFocusedHead(int head) {
  if (head < 0 || head >= headCount()) return;
  focus(head);
  update();
}

int HeadChipsWidget::chipAt(const QPointF &position) const {
  for (int head = 0; head <= headCount(); ++head) {
    if (chipRect(head).contains(position)) return head;
  }
  return -1;
}

void HeadChipsWidget::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  for (int head = 0; head <= headCount(); ++head) {
    const QRectF chip = chipRect(head).adjusted(1, 1, -1, -1);
    const bool all = head == headCount();
    const QColor colour = all ? palette().color(QPalette::Button) : headColour(head);
    const bool on = all || m_visible[head];
    painter.setPen(QPen(all ? palette().color(QPalette::Mid) : colour, head == m_focused ? 3 : 1.5));
    painter.setBrush(on ? colour : palette().color(QPalette::Base));
    painter.drawRoundedRect(chip, kChipHeight / 2, kChipHeight / 2);
    // Text dark on the light head colours, and in the head colour on an empty (off) chip.
    painter.setPen(all ? palette().color(QPalette::ButtonText) : (on ? QColor(Qt::black) : colour));
    QFont chipFont = font();
    chipFont.setBold(head == m_focused);
    painter.setFont(chipFont);
    painter.drawText(chip, Qt::AlignCenter, all ? tr("All") : tr("Head %1").arg(head + 1));
  }
}

void HeadChipsWidget::mousePressEvent(QMouseEvent *) { m_releaseEndsDoubleClick = false; }

void HeadChipsWidget::mouseReleaseEvent(QMouseEvent *event) {
  if (event->button() != Qt::LeftButton) return;
  // Qt sends press, release, double-click, release: the last release belongs to the double-click.
  if (m_releaseEndsDoubleClick) {
    m_releaseEndsDoubleClick = false;
    return;
  }
  const int head = chipAt(event->position());
  if (head == headCount()) showAllHeads();
  else if (head >= 0) toggleHead(head);
}

void HeadChipsWidget::mouseDoubleClickEvent(QMouseEvent *event) {
  // The double-click's first click already toggled the chip; showing it alone overrides that.
  const int head = chipAt(event->position());
  m_releaseEndsDoubleClick = true;
  if (head >= 0 && head < headCount()) showHeadAlone(head);
}

bool HeadChipsWidget::event(QEvent *event) {
  if (event->type() == QEvent::ToolTip) {
    auto *help = static_cast<QHelpEvent *>(event);
    const int head = chipAt(help->pos());
    if (head == headCount()) {
      QToolTip::showText(help->globalPos(), tr("Show every head"), this);
    } else if (head >= 0) {
      QToolTip::showText(help->globalPos(),
                         tr("Head %1: click to show or hide it, double-click to show it alone").arg(head + 1), this);
    } else {
      QToolTip::hideText();
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace ui
