#pragma once
// The strip over every tab while token edits are made (issue 16, item 10): what was edited
// ("2 edits: [MASK] at 3, ‘dog’→‘cat’ at 5"), so no view is read as the text typed, with one
// click to clear them all and one to see what changed (the What If tab's difference view).

#include <QFrame>

class QLabel;
class QPushButton;

namespace ui {

class EditsBanner : public QFrame {
  Q_OBJECT

 public:
  explicit EditsBanner(QWidget *parent = nullptr);

  // The edits' one-line description (describeEdits); empty hides the banner.
  void showEdits(const QString &description);
  QString text() const;
  QPushButton *clearButton() const { return m_clear; }
  QPushButton *differenceButton() const { return m_difference; }

 signals:
  void clearRequested();
  void differenceRequested();

 private:
  QLabel *m_text;
  QPushButton *m_clear;
  QPushButton *m_difference;
};

}  // namespace ui
