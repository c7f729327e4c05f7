#include "elided_label.h"

#include <QEvent>
#include <QFontMetrics>
#include <QResizeEvent>

namespace ui {

ElidedLabel::ElidedLabel(QWidget *parent) : QLabel(parent) {
  setTextFormat(Qt::PlainText);
  // Ignored: the layout gives it the room left over (down to none), not its text's width.
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text) {
  m_fullText = text;
  elide();
}

void ElidedLabel::resizeEvent(QResizeEvent *event) {
  QLabel::resizeEvent(event);
  elide();
}

void ElidedLabel::changeEvent(QEvent *event) {
  QLabel::changeEvent(event);
  if (event->type() == QEvent::FontChange) elide();
}

void ElidedLabel::elide() {
  const QString shown = fontMetrics().elidedText(m_fullText, Qt::ElideRight, contentsRect().width());
  setText(shown);
  setToolTip(shown == m_fullText ? QString() : m_fullText);
}

}  // namespace ui
