#pragma once
// One head's [query × key] matrix: token labels on both axes, a colour-scale legend, the exact
// value in a tooltip, masked cells hatched grey. Reads its values through an AttentionTableModel.
// A long text zooms and pans: the wheel zooms around the pointer, dragging pans, a double-click
// shows the whole matrix again, and a minimap beside the legend shows where the view is. When
// cells are smaller than kMinCellPixels it draws aggregated tiles (heatmap_tiles.h; max or mean
// per block, named in the heading); zoomed in, exact cells with token labels and tooltips.
// The tiles (and the minimap's) are aggregated on a JobRunner lane (JobLane::Tiles), never on the
// GUI thread: a zoom, pan or aggregation switch asks for new tiles, latest-only, and until they
// arrive the widget draws the last tiles of the same head scaled to the new view; tiles of a view
// no longer on show are dropped.

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <QImage>
#include <QPainterPath>
#include <QWidget>

#include "attention_slice.h"
#include "heatmap_tiles.h"
#include "word_graph_layout.h"

namespace ui {

class AttentionTableModel;
class JobRunner;

class HeatmapWidget : public QWidget {
  Q_OBJECT

 public:
  explicit HeatmapWidget(QWidget *parent = nullptr);

  void setSlice(const AttentionSlice &slice, int head);  // a copy
  // Shares the slice (the window's view slices: no copy of a long input's 64 MiB head).
  void shareSlice(std::shared_ptr<const AttentionSlice> slice, int head);
  void setPlaceholder(const QString &text);
  QString placeholder() const { return m_placeholder; }  // what it says while there is no slice
  // The pointer highlight (presentation mode, lessons): this query's row outlined, −1 for none.
  void setHighlightedQuery(int row);
  int highlightedQuery() const { return m_highlightedQuery; }

  AttentionTableModel *tableModel() const { return m_model; }
  int head() const { return m_head; }
  const AttentionSlice &slice() const { return *m_slice; }
  // Where the tiles are aggregated (its Tiles lane); without one the widget starts its own runner
  // the first time it needs tiles. The runner must outlive the widget (a parent's child does).
  void setJobRunner(JobRunner *runner);
  QRectF matrixRect() const;
  QRectF cellRect(int row, int col) const;
  // The token whose label is at position: a query (left of the matrix) or a key (above it);
  // invalid elsewhere (token edits: right-click a label).
  TokenRef labelAt(const QPointF &position) const;
  // Where the token labels are drawn, in widget coordinates: one box of one text line per labelled
  // row (left of the matrix) or column (above it, the text running upwards). When a cell is lower
  // than a line of label text, only every labelStride()-th row and column is labelled, so no two
  // labels overlap (zoom in for the others). Empty when the cells are too small for any label.
  std::vector<QRectF> labelBoxes(TokenSide side) const;
  int labelStride() const { return computeLayout().labelStride; }
  // "Head 2 · Layer 1 · decoder · sliding window 5": what the slice is, as the heading shows it.
  QString title() const;
  // A heading that replaces the "Head n · …" one, for a matrix that is no single head (a mean of
  // heads, attention rollout); empty: back to the head's heading.
  void setTitle(const QString &title);
  // The edges of a sliding window's band, along the cell borders: the newest key each query sees
  // (j = i) and the oldest (j = i − W + 1). Empty paths without a window.
  QPainterPath windowEdges() const;

  // The cells on screen: x = first key, y = first query, width = keys, height = queries. The whole
  // matrix until the user zooms; a new slice of another size shows the whole matrix again.
  QRect viewport() const;
  void setViewport(const QRect &cells);  // clamped to the matrix, at least kMinViewCells a side
  // factor > 1 zooms in, keeping the cell under `anchor` (a widget position) where it is.
  void zoomBy(double factor, const QPointF &anchor);
  void resetZoom();
  bool isZoomed() const { return viewport() != QRect(0, 0, m_slice->cols(), m_slice->rows()); }
  // Cells per tile side in the current layout: 1 draws exact cells, more draws tiles().
  int tileBlock() const;
  // The tiles last delivered (built on the runner's thread: HeatmapTiles::builtOn). Until
  // tilesCurrent() they belong to an earlier view, head or aggregation, or are empty.
  const HeatmapTiles &tiles() const { return m_tiles; }
  // The tiles delivered are those of the view, head, block and aggregation on show.
  bool tilesCurrent() const;
  // Aggregates the view's tiles and the minimap at once on the calling thread, for a figure
  // rendered without an event loop to deliver them (attnscope-cli render: figure_render.h). The
  // window's heatmap never calls it.
  void computeTilesHere();
  // Called on the runner's thread before each tile job aggregates (empty: nothing). The tests
  // hold a job there to make it stale at a known point.
  void setTileJobHook(std::function<void()> hook) { m_tileJobHook = std::move(hook); }
  TileAggregate tileAggregate() const { return m_aggregate; }
  void setTileAggregate(TileAggregate aggregate);
  QRectF minimapRect() const;  // empty unless zoomed in
  static constexpr double kMinCellPixels = 2.0;
  static constexpr int kMinViewCells = 4;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 signals:
  void tilesReady();  // tiles() changed: the requested view's tiles (and minimap) arrived

 protected:
  void paintEvent(QPaintEvent *event) override;
  void mouseMoveEvent(QMouseEvent *event) override;
  void mousePressEvent(QMouseEvent *event) override;
  void mouseReleaseEvent(QMouseEvent *event) override;
  void mouseDoubleClickEvent(QMouseEvent *event) override;
  void wheelEvent(QWheelEvent *event) override;
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
    bool labels = true;  // cells large enough for token labels
    int labelStride = 1; // every labelStride-th row and column is labelled (cells lower than a line)
    double cell = 0;     // pixels per cell side
    int block = 1;       // cells per tile side: 1 draws exact cells
  };
  Layout computeLayout() const;
  QPoint cellAt(const QPointF &position) const;  // (col, row) of the whole matrix, or (−1, −1)
  QRectF viewCellRect(const QRectF &matrix, int row, int col) const;  // a cell of the whole matrix on screen
  void paintCells(QPainter &painter, const Layout &layout) const;
  void paintTiles(QPainter &painter, const Layout &layout) const;
  void paintMinimap(QPainter &painter) const;
  // What a tile job computes: one head's tiles of a view at a block size, and the minimap's.
  struct TileKey {
    quint64 slice = 0;  // m_sliceSerial
    int head = 0;
    QRect cells;
    int block = 1;
    TileAggregate aggregate = TileAggregate::Max;
    bool operator==(const TileKey &other) const = default;
  };
  TileKey wantedTiles(const Layout &layout) const;   // for the view on show (block 1: none)
  TileKey wantedMinimap() const;                     // the whole matrix at kMinimapSide tiles a side
  void requestTiles(const Layout &layout);           // asks the runner unless on show or in flight
  // Keeps tiles computed for wanted (view, minimap) when they are still this slice's.
  void acceptTiles(const std::pair<TileKey, TileKey> &wanted, HeatmapTiles view, const HeatmapTiles &minimap);
  JobRunner *runner();
  void paintLabels(QPainter &painter, const Layout &layout) const;
  // The rows or columns on screen that carry a label, and the box each one's text is drawn in.
  std::vector<int> labelledIndices(const Layout &layout, TokenSide side) const;
  QRectF labelBox(const Layout &layout, TokenSide side, int index) const;
  void paintLegend(QPainter &painter, const Layout &layout) const;
  QPainterPath windowEdges(const QRectF &matrix) const;

  AttentionTableModel *m_model;
  std::shared_ptr<const AttentionSlice> m_slice;  // shared with the tile jobs reading it
  quint64 m_sliceSerial = 0;                      // counts setSlice calls: tiles name their slice
  int m_head = 0;
  QPoint m_hoveredCell{-1, -1};  // (col, row)
  int m_highlightedQuery = -1;
  QString m_placeholder;
  QString m_title;
  QRect m_view;  // empty: the whole matrix
  TileAggregate m_aggregate = TileAggregate::Max;
  JobRunner *m_runner = nullptr;
  HeatmapTiles m_tiles;               // the last tiles delivered, of m_tilesKey
  TileKey m_tilesKey;
  QImage m_minimap;                   // the whole matrix, one pixel per tile, of m_minimapKey; null until delivered
  TileKey m_minimapKey;
  std::optional<std::pair<TileKey, TileKey>> m_requested;  // the tile job in flight: (view, minimap)
  std::function<void()> m_tileJobHook;
  QPointF m_dragFrom{-1, -1};         // where a pan started, or (−1, −1)
  QRect m_dragView;
};

}  // namespace ui
