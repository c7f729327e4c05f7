#pragma once
// The lecture's line-thickness view: query tokens on the left, key tokens on the right, one line
// per pair whose width and opacity grow with α̂, one colour per head, several heads overlaid.
// Hovering or clicking a token keeps only its lines and writes each head's weight next to the
// other column's tokens.

#include <memory>
#include <vector>

#include <QImage>
#include <QSet>
#include <QVector>
#include <QWidget>

#include "attention_slice.h"
#include "word_graph_layout.h"

namespace ui {

class WordGraphWidget : public QWidget {
  Q_OBJECT

 public:
  explicit WordGraphWidget(QWidget *parent = nullptr);

  void setSlice(const AttentionSlice &slice);  // a copy
  // Shares the slice (the window's view slices: no copy of a long input's 64 MiB head).
  void shareSlice(std::shared_ptr<const AttentionSlice> slice);
  void setVisibleHeads(const QVector<bool> &visible);
  void setThreshold(float threshold);  // lines below this weight are hidden
  // Top-p edges instead of the threshold: per query, only the smallest set of keys holding a
  // share p of the row (core/analysis/methods/top_p.h). 0: off (the threshold applies).
  void setTopP(float p);
  float topP() const { return m_topP; }
  // A long text: each query draws only its k heaviest keys per head (the header says so); 0: all.
  void setTopKeys(int k);
  int topKeys() const { return m_topKeys; }
  // Up to this height (default 4,096 px) the picture is cached whole; a taller one, a band around
  // the part in view at a time. The picture is the same either way.
  void setWholeCacheHeight(int pixels);
  void setPlaceholder(const QString &text);  // shown while there is no slice
  QString placeholder() const { return m_placeholder; }

  const AttentionSlice &slice() const { return *m_slice; }
  const QVector<bool> &visibleHeads() const { return m_visibleHeads; }
  float threshold() const { return m_threshold; }
  TokenRef focusedToken() const;  // hovered, else pinned
  TokenRef pinnedToken() const { return m_pinned; }
  // Pins a token as a click would (the keyboard's pointer highlight); invalid unpins.
  void setPinnedToken(TokenRef token);
  // Lines that would be drawn now: (head, query, key), for tests and the status bar.
  int visibleLineCount() const;
  WordGraphLayout currentLayout() const;

  // The "✂ n more token(s) cut" notices in the footer: one for self-attention (both columns are
  // the same sequence), one per cut column for cross-attention, each in its own half.
  struct CutNotice {
    QRectF rect;
    Qt::Alignment alignment;
    QString text;
  };
  std::vector<CutNotice> cutNotices() const;
  // Where a focused token's weight for head slot (of slotCount visible heads) sits, next to the
  // other column's token other. Slot 0 (the first visible head) is leftmost on both sides.
  QRectF weightPillRect(const WordGraphLayout &layout, TokenRef focus, int other, int slot, int slotCount) const;
  double weightPillWidth() const;
  // Whether a label is drawn faded: something is hovered or pinned and this token is neither it
  // nor reached by one of its drawn lines.
  bool labelDimmed(TokenRef token) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 signals:
  void tokenFocused(ui::TokenRef token);  // invalid when the focus is cleared

 protected:
  void paintEvent(QPaintEvent *event) override;
  void mouseMoveEvent(QMouseEvent *event) override;
  void mousePressEvent(QMouseEvent *event) override;
  void leaveEvent(QEvent *event) override;
  bool event(QEvent *event) override;
  void changeEvent(QEvent *event) override;

 private:
  struct Line {
    int head;
    int query;
    int key;
    float weight;
  };
  std::vector<Line> linesToDraw() const;
  void appendHeadLines(int head, std::vector<Line> &lines) const;  // a head without its matrix
  bool headVisible(int head) const;
  void setHovered(TokenRef token);
  void invalidate();  // the picture changed: drop the cached one and schedule a repaint
  void paintGraph(QPainter &painter, const QRectF &exposed) const;
  // Both skip the rows outside exposed (at 512 tokens most rows lie beyond the widget's edges).
  void paintLabels(QPainter &painter, const WordGraphLayout &layout, const QRectF &exposed) const;
  void paintWeights(QPainter &painter, const WordGraphLayout &layout, TokenRef focus, const QRectF &exposed) const;
  QRectF graphArea() const;
  QFont weightFont() const;
  double labelPitch() const;
  QRect cacheArea(const QRect &exposed) const;  // the part of the widget the cache holds
  QSet<TokenRef> dimmedLabels() const;  // the least distance between two tokens' rows

  std::shared_ptr<const AttentionSlice> m_slice = std::make_shared<const AttentionSlice>();
  QVector<bool> m_visibleHeads;
  float m_threshold = 0.05f;
  float m_topP = 0.0f;
  int m_topKeys = 0;
  TokenRef m_hovered;
  TokenRef m_pinned;
  QString m_placeholder;
  // The unfocused picture of m_cacheArea (the whole widget, or for a very tall one the band around
  // the part in view: cacheArea), drawn once per change: an expose, a grab or a repaint of unchanged
  // data (a dialog closing, the window refreshed) blits it instead of stroking every line again.
  int m_wholeCacheHeight = 4096;  // setWholeCacheHeight
  QImage m_cache;
  QRect m_cacheArea;
  QSize m_cacheWidgetSize;  // the widget's size when it was drawn: the layout depends on it
  bool m_cacheValid = false;
  bool m_cacheHighContrast = false;
};

}  // namespace ui
