#pragma once
// One head's [query × key] matrix: token labels on both axes, a colour-scale legend, the exact
// value in a tooltip, masked cells hatched grey. Reads its values through an AttentionTableModel.

#include <QPainterPath>
#include <QWidget>

#include "attention_slice.h"
#include "word_graph_layout.h"

namespace ui {

class AttentionTableModel;

class HeatmapWidget : public QWidget {
  Q_OBJECT

 public:
  explicit HeatmapWidget(QWidget *parent = nullptr);

  void setSlice(const AttentionSlice &slice, int head);
  void setPlaceholder(const QString &text);
  // The pointer highlight (presentation mode, lessons): this query's row outlined, −1 for none.
  void setHighlightedQuery(int row);
  int highlightedQuery() const { return m_highlightedQuery; }

  AttentionTableModel *tableModel() const { return m_model; }
  int head() const { return m_head; }
  const AttentionSlice &slice() const { return m_slice; }
  QRectF matrixRect() const;
  QRectF cellRect(int row, int col) const;
  // The token whose label is at position: a query (left of the matrix) or a key (above it);
  // invalid elsewhere (token edits: right-click a label).
  TokenRef labelAt(const QPointF &position) const;
  // "Head 2 · Layer 1 · decoder · sliding window 5": what the slice is, as the heading shows it.
  QString title() const;
  // A heading that replaces the "Head n · …" one, for a matrix that is no single head (a mean of
  // heads, attention rollout); empty: back to the head's heading.
  void setTitle(const QString &title);
  // The edges of a sliding window's band, along the cell borders: the newest key each query sees
  // (j = i) and the oldest (j = i − W + 1). Empty paths without a window.
  QPainterPath windowEdges() const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent *event) override;
  void mouseMoveEvent(QMouseEvent *event) override;
  void leaveEvent(QEvent *event) override;
  bool event(QEvent *event) override;

 private:
  struct Layout {
    QRectF title;
    QRectF matrix;
    QRectF legend;
    double labelWidth = 0;
    double labelHeight = 0;
    QFont labelFont;
  };
  Layout computeLayout() const;
  void paintCells(QPainter &painter, const Layout &layout) const;
  void paintLabels(QPainter &painter, const Layout &layout) const;
  void paintLegend(QPainter &painter, const Layout &layout) const;
  QPainterPath windowEdges(const QRectF &matrix) const;

  AttentionTableModel *m_model;
  AttentionSlice m_slice;
  int m_head = 0;
  QPoint m_hoveredCell{-1, -1};  // (col, row)
  int m_highlightedQuery = -1;
  QString m_placeholder;
  QString m_title;
};

}  // namespace ui
