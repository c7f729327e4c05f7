#pragma once
// The source field: a multi-line plain-text editor with no length cap (a QLineEdit stops at
// 32,767 characters). Enter starts a new line, as in any editor; Ctrl+Enter computes at once
// instead of waiting for the typing pause. A text file dropped on it is reported, not pasted as
// its path, so the window can read it (File ▸ Open Text… does the same).

#include <QPlainTextEdit>

namespace ui {

class SourceEdit : public QPlainTextEdit {
  Q_OBJECT

 public:
  explicit SourceEdit(QWidget *parent = nullptr);

  // The QLineEdit-like names the window and the tests use.
  QString text() const { return toPlainText(); }
  void setText(const QString &text) { setPlainText(text); }
  void insert(const QString &text) { insertPlainText(text); }

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 signals:
  void runRequested();                       // Ctrl+Enter
  void fileDropped(const QString &path);     // one local file dropped on the field

 protected:
  void keyPressEvent(QKeyEvent *event) override;
  bool canInsertFromMimeData(const QMimeData *source) const override;
  void insertFromMimeData(const QMimeData *source) override;

 private:
  int heightForLines(int lines) const;
};

}  // namespace ui
