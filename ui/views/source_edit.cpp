#include "source_edit.h"

#include <QKeyEvent>
#include <QMimeData>
#include <QTextDocument>
#include <QUrl>

namespace ui {

namespace {

constexpr int kShownLines = 3;    // the field's usual height; longer text scrolls
constexpr int kMinimumLines = 2;

// The one local file a drop carries, or an empty string.
QString droppedFile(const QMimeData *source) {
  if (!source || !source->hasUrls() || source->urls().size() != 1) return {};
  const QUrl url = source->urls().front();
  return url.isLocalFile() ? url.toLocalFile() : QString();
}

}  // namespace

SourceEdit::SourceEdit(QWidget *parent) : QPlainTextEdit(parent) {
  setTabChangesFocus(true);  // Tab moves on to the target field, as it did from a line edit
  setLineWrapMode(QPlainTextEdit::WidgetWidth);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

int SourceEdit::heightForLines(int lines) const {
  const QMargins margins = contentsMargins();
  return fontMetrics().lineSpacing() * lines + 2 * static_cast<int>(document()->documentMargin()) + margins.top() +
         margins.bottom() + 2 * frameWidth();
}

QSize SourceEdit::sizeHint() const { return {QPlainTextEdit::sizeHint().width(), heightForLines(kShownLines)}; }

QSize SourceEdit::minimumSizeHint() const {
  return {QPlainTextEdit::minimumSizeHint().width(), heightForLines(kMinimumLines)};
}

void SourceEdit::keyPressEvent(QKeyEvent *event) {
  const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
  if (enter && (event->modifiers() & Qt::ControlModifier)) {
    event->accept();
    emit runRequested();
    return;
  }
  QPlainTextEdit::keyPressEvent(event);
}

bool SourceEdit::canInsertFromMimeData(const QMimeData *source) const {
  return !droppedFile(source).isEmpty() || QPlainTextEdit::canInsertFromMimeData(source);
}

void SourceEdit::insertFromMimeData(const QMimeData *source) {
  const QString file = droppedFile(source);
  if (!file.isEmpty()) {
    emit fileDropped(file);
    return;
  }
  QPlainTextEdit::insertFromMimeData(source);
}

}  // namespace ui
