#include "head_chips_widget.h"

#include <algorithm>

#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "colour_scales.h"

namespace ui {

namespace {

constexpr double kMinChipWidth = 64.0;
constexpr double kMinChipHeight = 24.0;
constexpr double kGap = 6.0;
constexpr double kGroupGap = 14.0;      // between the groups of a grouped-query layer
constexpr double kBracketHeight = 15.0;  // the bracket and its "K/V n" caption under a group

}  // namespace

HeadChipsWidget::HeadChipsWidget(QWidget *parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void HeadChipsWidget::changeEvent(QEvent *event) {
  if (event->type() == QEvent::FontChange) updateGeometry();  // the chips grow with the font
  QWidget::changeEvent(event);
}

void HeadChipsWidget::setHeadCount(int heads) {
  m_visible = QVector<bool>(std::max(heads, 0), false);
  if (!m_visible.isEmpty()) m_visible[0] = true;
  m_kvHeads = 0;
  m_focused = 0;
  updateGeometry();
  update();
  emit visibleHeadsChanged(m_visible);
  emit focusedHeadChanged(m_focused);
}

void HeadChipsWidget::setKeyValueHeads(int kvHeads) {
  if (kvHeads == m_kvHeads) return;
  m_kvHeads = std::max(kvHeads, 0);
  updateGeometry();
  update();
}

QFont HeadChipsWidget::chipFont(bool focused) const {
  QFont chip = font();
  chip.setBold(focused);
  return chip;
}

QString HeadChipsWidget::chipText(int head) const { return head == headCount() ? tr("All") : tr("Head %1").arg(head + 1); }

QSizeF HeadChipsWidget::chipSize() const {
  // Every chip as wide as the widest caption in bold (the focused chip's), so the chips never
  // clip at a large font (presentation mode) or in a longer translation.
  const QFontMetricsF metrics(chipFont(true));
  double widest = 0;
  for (int head = 0; head <= headCount(); ++head) widest = std::max(widest, metrics.horizontalAdvance(chipText(head)));
  return {std::max(kMinChipWidth, widest + metrics.height()), std::max(kMinChipHeight, metrics.height() + 8)};
}

QRectF HeadChipsWidget::chipRect(int head) const {
  // Each group after the first starts a wider gap further right; "All" follows the last group.
  const int gaps = grouped() ? std::min(head, headCount()) / groupSize() : 0;
  const double extra = gaps > 0 && head == headCount() ? (gaps - 1) * kGroupGap + kGap : gaps * kGroupGap;
  const QSizeF chip = chipSize();
  return {1 + head * (chip.width() + kGap) + extra, 1, chip.width(), chip.height()};
}

QRectF HeadChipsWidget::groupRect(int kvHead) const {
  if (!grouped() || kvHead < 0 || kvHead >= m_kvHeads) return {};
  const QRectF first = chipRect(kvHead * groupSize());
  const QRectF last = chipRect((kvHead + 1) * groupSize() - 1);
  return {first.left(), first.bottom() + 2, last.right() - first.left(), kBracketHeight};
}

QSize HeadChipsWidget::sizeHint() const {
  const double height = chipSize().height() + 2 + (grouped() ? kBracketHeight + 2 : 0);
  return {int(chipRect(headCount()).right()) + 2, int(height)};
}

QSize HeadChipsWidget::minimumSizeHint() const { return {int(chipSize().width()) * 2, sizeHint().height()}; }

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

void HeadChipsWidget::setVisibleHeads(const QVector<bool> &visible) {
  if (visible.size() != m_visible.size() || visible == m_visible) return;
  m_visible = visible;
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
    painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2);
    // Text dark on the light head colours, and in the head colour on an empty (off) chip.
    painter.setPen(all ? palette().color(QPalette::ButtonText) : (on ? QColor(Qt::black) : colour));
    painter.setFont(chipFont(head == m_focused));
    painter.drawText(chip, Qt::AlignCenter, chipText(head));
  }
  // Grouped-query attention: a bracket under each group of heads that read the same keys and values.
  QFont small = font();
  small.setPixelSize(10);
  painter.setFont(small);
  for (int kvHead = 0; kvHead < (grouped() ? m_kvHeads : 0); ++kvHead) {
    const QRectF bracket = groupRect(kvHead);
    const double y = bracket.top() + 3;
    painter.setPen(QPen(palette().color(QPalette::Mid), 1.5));
    painter.drawPolyline(QPolygonF{{bracket.left() + 4, bracket.top()},
                                   {bracket.left() + 4, y},
                                   {bracket.right() - 4, y},
                                   {bracket.right() - 4, bracket.top()}});
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRectF(bracket.left(), y + 1, bracket.width(), bracket.bottom() - y - 1), Qt::AlignCenter,
                     tr("K/V %1").arg(kvHead + 1));
  }
}

QString HeadChipsWidget::chipToolTip(int head) const {
  if (head == headCount()) return tr("Show every head");
  if (head < 0 || head > headCount()) return {};
  const QString action = tr("Head %1: click to show or hide it, double-click to show it alone").arg(head + 1);
  if (!grouped()) return action;
  const int kvHead = keyValueHeadOf(head);
  return tr("Head %1 · shares keys and values with heads %2–%3 (key/value head %4 of %5)")
             .arg(head + 1)
             .arg(kvHead * groupSize() + 1)
             .arg((kvHead + 1) * groupSize())
             .arg(kvHead + 1)
             .arg(m_kvHeads) +
         '\n' + action;
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
    int bracket = -1;
    for (int kvHead = 0; kvHead < (grouped() ? m_kvHeads : 0); ++kvHead) {
      if (groupRect(kvHead).contains(help->pos())) bracket = kvHead;
    }
    if (head >= 0) {
      QToolTip::showText(help->globalPos(), chipToolTip(head), this);
    } else if (bracket >= 0) {
      QToolTip::showText(help->globalPos(),
                         tr("Heads %1–%2 read the same keys and values: key/value head %3 of %4 "
                            "(grouped-query attention)")
                             .arg(bracket * groupSize() + 1)
                             .arg((bracket + 1) * groupSize())
                             .arg(bracket + 1)
                             .arg(m_kvHeads),
                         this);
    } else {
      QToolTip::hideText();
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace ui
