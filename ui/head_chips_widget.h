#pragma once
// A row of chips, one per head in the head's colour: click switches a head on or off,
// double-click shows it alone, "All" switches every head on. The last clicked head is the
// focused one, which the heatmap shows.

#include <QVector>
#include <QWidget>

namespace ui {

class HeadChipsWidget : public QWidget {
  Q_OBJECT

 public:
  explicit HeadChipsWidget(QWidget *parent = nullptr);

  void setHeadCount(int heads);  // all on, head 1 focused
  int headCount() const { return static_cast<int>(m_visible.size()); }
  const QVector<bool> &visibleHeads() const { return m_visible; }
  int focusedHead() const { return m_focused; }
  QRectF chipRect(int head) const;  // head == headCount(): the "All" chip

  void toggleHead(int head);
  void showHeadAlone(int head);
  void showAllHeads();
  void setFocusedHead(int head);  // the head the heatmap shows, without changing visibility

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 signals:
  void visibleHeadsChanged(const QVector<bool> &visible);
  void focusedHeadChanged(int head);

 protected:
  void paintEvent(QPaintEvent *event) override;
  void mousePressEvent(QMouseEvent *event) override;
  void mouseReleaseEvent(QMouseEvent *event) override;
  void mouseDoubleClickEvent(QMouseEvent *event) override;
  bool event(QEvent *event) override;

 private:
  int chipAt(const QPointF &position) const;  // −1 outside
  void focus(int head);

  QVector<bool> m_visible;
  int m_focused = 0;
  bool m_releaseEndsDoubleClick = false;
};

}  // namespace ui
