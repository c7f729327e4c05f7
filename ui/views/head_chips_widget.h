#pragma once
// A row of chips, one per head in the head's colour: click switches a head on or off,
// double-click shows it alone, "All" switches every head on. The last clicked head is the
// focused one, which the heatmap shows. Grouped-query attention (fewer key/value heads than query
// heads): the chips of the query heads that read one key/value head stand together, a bracket
// under them.

#include <QVector>
#include <QWidget>

namespace ui {

class HeadChipsWidget : public QWidget {
  Q_OBJECT

 public:
  explicit HeadChipsWidget(QWidget *parent = nullptr);

  void setHeadCount(int heads);  // head 1 on alone and focused, one key/value head per head
  int headCount() const { return static_cast<int>(m_visible.size()); }
  // The layer's key/value heads (core::AttentionSpec::kv_heads); 0 or headCount(): multi-head
  // attention, no groups. Keeps which heads are on.
  void setKeyValueHeads(int kvHeads);
  int keyValueHeads() const { return m_kvHeads; }
  bool grouped() const { return m_kvHeads > 0 && m_kvHeads < headCount() && headCount() % m_kvHeads == 0; }
  int groupSize() const { return grouped() ? headCount() / m_kvHeads : 1; }
  int keyValueHeadOf(int head) const { return head / groupSize(); }
  QRectF groupRect(int kvHead) const;      // the bracket under one group; empty without groups
  QString chipToolTip(int head) const;     // head == headCount(): the "All" chip
  const QVector<bool> &visibleHeads() const { return m_visible; }
  int focusedHead() const { return m_focused; }
  QRectF chipRect(int head) const;  // head == headCount(): the "All" chip
  QString chipText(int head) const;  // "Head 2", or "All"
  QFont chipFont(bool focused) const;  // bold for the focused head

  void toggleHead(int head);
  void showHeadAlone(int head);
  void showAllHeads();
  void setFocusedHead(int head);  // the head the heatmap shows, without changing visibility
  void setVisibleHeads(const QVector<bool> &visible);  // ignored unless one flag per head

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
  void changeEvent(QEvent *event) override;

 private:
  QSizeF chipSize() const;
  int chipAt(const QPointF &position) const;  // −1 outside
  void focus(int head);

  QVector<bool> m_visible;
  int m_kvHeads = 0;
  int m_focused = 0;
  bool m_releaseEndsDoubleClick = false;
};

}  // namespace ui
