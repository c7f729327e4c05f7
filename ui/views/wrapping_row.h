#pragma once
// Widgets side by side while they all fit at their preferred widths, else one under another: the
// Layer and Generation steppers share a row in a wide window and take a row each in a narrow one
// (issue 18: in presentation mode at 800 px both lists were cut to "Encoder layer 1 · sel").

#include <QWidget>

class QBoxLayout;

namespace ui {

class WrappingRow : public QWidget {
  Q_OBJECT

 public:
  explicit WrappingRow(QWidget *parent = nullptr);

  void addWidget(QWidget *widget, int stretch = 0);
  // The gap between widgets side by side; wrapped, the style's spacing between rows.
  void setSideBySideSpacing(int spacing);
  bool isWrapped() const;  // one widget under another
  // The wrapped arrangement's minimum: the row never holds the window wider than its widest widget.
  QSize minimumSizeHint() const override;

 protected:
  bool event(QEvent *event) override;
  void resizeEvent(QResizeEvent *event) override;

 private:
  int sideBySideWidth() const;  // what the widgets shown need side by side, at their preferred widths
  void arrange();

  QBoxLayout *m_layout;
  int m_sideBySideSpacing = 0;
};

}  // namespace ui
