#include "capped_scroll_area.h"

#include <algorithm>

#include <QEvent>
#include <QResizeEvent>
#include <QScrollBar>

namespace ui {

CappedScrollArea::CappedScrollArea(double share, QWidget *parent)
    : QScrollArea(parent), m_share(std::clamp(share, 0.05, 1.0)) {
  setWidgetResizable(true);
  setFrameShape(QFrame::NoFrame);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
}

int CappedScrollArea::wantedHeight() const {
  if (!widget()) return 0;
  const QWidget *content = widget();
  const int width = std::max(viewport()->width(), content->minimumSizeHint().width());
  // A layout with wrapped rows (the token strips) says its height for a width, as a window's layout
  // would lay it out; its size hint asks for more (the source field's preferred lines).
  return content->hasHeightForWidth() ? content->heightForWidth(width) : content->sizeHint().height();
}

int CappedScrollArea::cap() const {
  const QWidget *top = window();
  return top == this ? QWIDGETSIZE_MAX : static_cast<int>(m_share * top->height());
}

QSize CappedScrollArea::sizeHint() const {
  const int width = widget() ? widget()->sizeHint().width() : QScrollArea::sizeHint().width();
  // wanted = the content's height; shown = min(wanted, share × window height)
  return {width, std::min(wantedHeight(), std::max(cap(), minimumSizeHint().height()))};
}

QSize CappedScrollArea::minimumSizeHint() const {
  if (!widget()) return QScrollArea::minimumSizeHint();
  // As wide as the content needs (it never scrolls sideways); as low as three lines of text.
  const int width = widget()->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width();
  return {width, std::min(widget()->minimumSizeHint().height(), 3 * fontMetrics().height())};
}

bool CappedScrollArea::eventFilter(QObject *watched, QEvent *event) {
  // A new window height moves the cap; the content's new size its wanted height.
  if ((watched == window() && event->type() == QEvent::Resize) ||
      (watched == widget() && event->type() == QEvent::LayoutRequest)) {
    updateGeometry();
  }
  return QScrollArea::eventFilter(watched, event);
}

bool CappedScrollArea::event(QEvent *event) {
  if (event->type() == QEvent::ParentChange || event->type() == QEvent::Show) {
    if (window() != this) window()->installEventFilter(this);  // installing twice keeps one filter
  }
  // Another width wraps the content's rows differently: its wanted height changes.
  if (event->type() == QEvent::Resize && static_cast<QResizeEvent *>(event)->oldSize().width() != width()) {
    updateGeometry();
  }
  return QScrollArea::event(event);
}

}  // namespace ui
