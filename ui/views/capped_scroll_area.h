#pragma once
// A scroll area that asks for its widget's whole height, but for at most a share of its window's
// height: the input above the tabs shows whole in a roomy window and scrolls in a short one, so the
// views under it keep their room (issue 18: in presentation mode on an 800 × 600 projector the
// input took 238 px and left the Attention tab 84 px, its token rows cut).

#include <QScrollArea>

namespace ui {

class CappedScrollArea : public QScrollArea {
  Q_OBJECT

 public:
  // share: the largest part of the window's height the area asks for, in (0, 1].
  explicit CappedScrollArea(double share, QWidget *parent = nullptr);

  double share() const { return m_share; }
  // The widget's height for the area's width (all of it, with a scroll bar when it is capped).
  int wantedHeight() const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  bool eventFilter(QObject *watched, QEvent *event) override;
  bool event(QEvent *event) override;

 private:
  int cap() const;  // share × the window's height

  double m_share;
};

}  // namespace ui
