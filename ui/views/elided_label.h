#pragma once
// A one-line label that shows as much of its text as fits, ending in "…", with the whole text in
// its tooltip. It asks its layout for no width of its own: a long status line beside a row of
// controls then leaves the row as narrow as the controls (the Heads tab at 800 px in presentation
// mode scrolled sideways for its "Metrics of the text in the input box, …" line).

#include <QLabel>
#include <QString>

class QResizeEvent;

namespace ui {

class ElidedLabel : public QLabel {
  Q_OBJECT

 public:
  explicit ElidedLabel(QWidget *parent = nullptr);

  void setFullText(const QString &text);
  const QString &fullText() const { return m_fullText; }

 protected:
  void resizeEvent(QResizeEvent *event) override;
  void changeEvent(QEvent *event) override;  // a new font elides anew

 private:
  void elide();

  QString m_fullText;
};

}  // namespace ui
