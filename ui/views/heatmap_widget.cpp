#include "heatmap_widget.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <QHelpEvent>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include "attention_geometry.h"
#include "attention_methods.h"
#include "attention_table_model.h"
#include "colour_scales.h"
#include "formula.h"
#include "job_runner.h"

namespace ui {

namespace {

constexpr double kMargin = 8.0;
constexpr double kTitleHeight = 22.0;
constexpr double kLegendWidth = 78.0;
constexpr double kMaxCell = 44.0;
constexpr double kMaxLabel = 130.0;
constexpr double kMinLabelCell = 4.0;  // smaller cells get no token labels (zoom in for them)
constexpr double kMinimapSide = 60.0;
constexpr double kWheelZoom = 1.25;    // per wheel notch

QColor warningColour() { return QColor(0xd6, 0x27, 0x28); }

}  // namespace

HeatmapWidget::HeatmapWidget(QWidget *parent)
    : QWidget(parent),
      m_model(new AttentionTableModel(this)),
      m_slice(std::make_shared<const AttentionSlice>()),
      m_placeholder(tr("No attention to show yet.")) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void HeatmapWidget::setSlice(const AttentionSlice &slice, int head) {
  shareSlice(std::make_shared<const AttentionSlice>(slice), head);
}

void HeatmapWidget::shareSlice(std::shared_ptr<const AttentionSlice> slice, int head) {
  if (!slice) slice = std::make_shared<const AttentionSlice>();
  // Stepping through layers or heads keeps the zoom; a text of another length shows it whole.
  const bool sameShape = slice->rows() == m_slice->rows() && slice->cols() == m_slice->cols();
  m_slice = std::move(slice);
  ++m_sliceSerial;  // the tiles delivered so far are another slice's
  m_head = std::clamp(head, 0, std::max(0, m_slice->headCount() - 1));
  if (!sameShape) m_view = QRect();
  m_model->setSlice(m_slice, m_head);
  update();
}

void HeatmapWidget::setJobRunner(JobRunner *runner) { m_runner = runner; }

JobRunner *HeatmapWidget::runner() {
  if (m_runner == nullptr) m_runner = new JobRunner(this);  // a heatmap of its own (a page's, a test's)
  return m_runner;
}

HeatmapWidget::TileKey HeatmapWidget::wantedTiles(const Layout &layout) const {
  if (layout.block <= 1) return {};
  return {m_sliceSerial, m_head, viewport(), layout.block, m_aggregate};
}

HeatmapWidget::TileKey HeatmapWidget::wantedMinimap() const {
  if (!isZoomed()) return {};
  // one pixel per tile, at most kMinimapSide tiles a side
  const int block = static_cast<int>(std::ceil(std::max(m_slice->rows(), m_slice->cols()) / kMinimapSide));
  return {m_sliceSerial, m_head, QRect(0, 0, m_slice->cols(), m_slice->rows()), std::max(block, 1), m_aggregate};
}

bool HeatmapWidget::tilesCurrent() const {
  if (m_slice->empty()) return false;
  const TileKey wanted = wantedTiles(computeLayout());
  return wanted.block > 1 && wanted == m_tilesKey;
}

void HeatmapWidget::requestTiles(const Layout &layout) {
  if (m_slice->empty() || m_slice->heads[std::size_t(m_head)].size() == 0) return;
  const TileKey view = wantedTiles(layout);
  const TileKey minimap = wantedMinimap();
  const bool needView = view.block > 1 && view != m_tilesKey;
  const bool needMinimap = minimap.block >= 1 && minimap.slice != 0 && minimap != m_minimapKey;
  if (!needView && !needMinimap) return;
  const std::pair<TileKey, TileKey> wanted{needView ? view : TileKey{}, needMinimap ? minimap : TileKey{}};
  if (m_requested == wanted) return;  // in flight already
  m_requested = wanted;
  struct Result {
    HeatmapTiles view;
    HeatmapTiles minimap;
  };
  // The job reads the slice through its own reference: a newer slice never frees it under the job.
  runner()->submit(
      JobLane::Tiles, this,
      [slice = m_slice, wanted, hook = m_tileJobHook](const JobContext &context) {
        if (hook) hook();
        const auto stopped = [&context] { return context.stopped(); };
        Result result;
        const auto aggregate = [&](const TileKey &key) {
          return aggregateTiles(*slice, key.head, key.cells, key.block, key.aggregate, stopped);
        };
        if (wanted.first.slice != 0) result.view = aggregate(wanted.first);
        if (wanted.second.slice != 0) result.minimap = aggregate(wanted.second);
        return result;
      },
      [this, wanted](Result result) {
        if (m_requested != wanted) return;  // asked for other tiles meanwhile
        m_requested.reset();
        acceptTiles(wanted, std::move(result.view), result.minimap);
      });
}

void HeatmapWidget::acceptTiles(const std::pair<TileKey, TileKey> &wanted, HeatmapTiles view,
                                const HeatmapTiles &minimap) {
  if (wanted.first.slice == m_sliceSerial) {
    m_tiles = std::move(view);
    m_tilesKey = wanted.first;
  }
  if (wanted.second.slice == m_sliceSerial) {
    m_minimap = QImage(minimap.tileCols, minimap.tileRows, QImage::Format_RGB32);
    for (int tileRow = 0; tileRow < minimap.tileRows; ++tileRow) {
      for (int tileCol = 0; tileCol < minimap.tileCols; ++tileCol) {
        const QColor colour = minimap.isMasked(tileRow, tileCol)
                                  ? maskColour()
                                  : valueColour(minimap.value(tileRow, tileCol), m_slice->scale, m_slice->extent);
        m_minimap.setPixel(tileCol, tileRow, colour.rgb());
      }
    }
    m_minimapKey = wanted.second;
  }
  update();
  emit tilesReady();
}

void HeatmapWidget::computeTilesHere() {
  if (m_slice->empty() || m_slice->heads[std::size_t(m_head)].size() == 0) return;
  const TileKey view = wantedTiles(computeLayout());
  const TileKey minimap = wantedMinimap();
  const auto aggregate = [&](const TileKey &key) {
    return key.slice == 0 ? HeatmapTiles{} : aggregateTiles(*m_slice, key.head, key.cells, key.block, key.aggregate);
  };
  m_requested.reset();
  acceptTiles({view, minimap}, aggregate(view), aggregate(minimap));
}

QRect HeatmapWidget::viewport() const {
  return m_view.isEmpty() ? QRect(0, 0, m_slice->cols(), m_slice->rows()) : m_view;
}

void HeatmapWidget::setViewport(const QRect &cells) {
  const int rows = m_slice->rows();
  const int cols = m_slice->cols();
  if (rows == 0 || cols == 0) return;
  const int width = std::clamp(cells.width(), std::min(kMinViewCells, cols), cols);
  const int height = std::clamp(cells.height(), std::min(kMinViewCells, rows), rows);
  const QRect view(std::clamp(cells.x(), 0, cols - width), std::clamp(cells.y(), 0, rows - height), width, height);
  const QRect whole(0, 0, cols, rows);
  const QRect next = view == whole ? QRect() : view;
  if (next == m_view) return;
  m_view = next;
  update();
}

void HeatmapWidget::zoomBy(double factor, const QPointF &anchor) {
  if (m_slice->empty() || factor <= 0) return;
  const QRect view = viewport();
  const Layout layout = computeLayout();
  // The anchor in cells (fractional), and where it sits in the view (0…1): kept there.
  const double fx = std::clamp((anchor.x() - layout.matrix.left()) / layout.matrix.width(), 0.0, 1.0);
  const double fy = std::clamp((anchor.y() - layout.matrix.top()) / layout.matrix.height(), 0.0, 1.0);
  const double ax = view.x() + fx * view.width();
  const double ay = view.y() + fy * view.height();
  const int width = std::max(1, static_cast<int>(std::lround(view.width() / factor)));
  const int height = std::max(1, static_cast<int>(std::lround(view.height() / factor)));
  setViewport(QRect(static_cast<int>(std::lround(ax - fx * width)), static_cast<int>(std::lround(ay - fy * height)),
                    width, height));
}

void HeatmapWidget::resetZoom() {
  if (m_view.isEmpty()) return;
  m_view = QRect();
  update();
}

int HeatmapWidget::tileBlock() const { return computeLayout().block; }

void HeatmapWidget::setTileAggregate(TileAggregate aggregate) {
  if (aggregate == m_aggregate) return;
  m_aggregate = aggregate;
  update();
}

void HeatmapWidget::setPlaceholder(const QString &text) {
  m_placeholder = text;
  update();
}

void HeatmapWidget::setHighlightedQuery(int row) {
  if (row == m_highlightedQuery) return;
  m_highlightedQuery = row;
  update();
}

QSize HeatmapWidget::sizeHint() const { return {440, 420}; }

QSize HeatmapWidget::minimumSizeHint() const { return {200, 160}; }

HeatmapWidget::Layout HeatmapWidget::computeLayout() const {
  Layout layout;
  const QRect view = viewport();
  const int rows = view.height();
  const int cols = std::max(view.width(), 1);
  layout.title = QRectF(kMargin, kMargin, width() - 2 * kMargin, kTitleHeight);
  // Label text shrinks with the cells so a long sentence still fits; too small a cell gets none.
  const double roughCell = std::min((width() - 2 * kMargin - kLegendWidth - kMaxLabel) / cols,
                                    (height() - 2 * kMargin - kTitleHeight - kMaxLabel) / std::max(rows, 1));
  layout.labels = roughCell >= kMinLabelCell;
  layout.labelFont = font();
  layout.labelFont.setPixelSize(static_cast<int>(std::clamp(roughCell * 0.75, 8.0, 13.0)));
  const QFontMetricsF metrics(layout.labelFont);
  double widestQuery = 0;
  double widestKey = 0;
  if (layout.labels) {
    for (int row = view.top(); row <= view.bottom(); ++row) {
      widestQuery = std::max(widestQuery, metrics.horizontalAdvance(m_slice->queries.tokens[row].shown()));
    }
    for (int col = view.left(); col <= view.right(); ++col) {
      widestKey = std::max(widestKey, metrics.horizontalAdvance(m_slice->keys.tokens[col].shown()));
    }
  }
  layout.labelWidth = layout.labels ? std::min(widestQuery + 8, kMaxLabel) : 4.0;
  layout.labelHeight = layout.labels ? std::min(widestKey + 8, kMaxLabel) : 4.0;

  const double left = kMargin + layout.labelWidth;
  const double top = layout.title.bottom() + layout.labelHeight;
  const double availableWidth = width() - left - kMargin - kLegendWidth;
  const double availableHeight = height() - top - kMargin;
  // A cell may be a fraction of a pixel (4,096 keys in 500 pixels): then tiles of block × block
  // cells, each at least kMinCellPixels wide, are drawn instead.
  const double cell =
      std::max(1e-3, std::min({availableWidth / cols, availableHeight / std::max(rows, 1), kMaxCell}));
  layout.cell = cell;
  layout.block = cell >= kMinCellPixels ? 1 : static_cast<int>(std::ceil(kMinCellPixels / cell));
  layout.matrix = QRectF(left, top, cell * cols, cell * rows);
  // Labels one text line apart at least: stride = ⌈line height / cell⌉ (before, 8-px text in 6-px
  // rows ran the labels of a 40-token sentence into each other).
  layout.labelStride = std::max(1, static_cast<int>(std::ceil(metrics.height() / cell - 1e-9)));
  layout.legend = QRectF(layout.matrix.right() + 14, top, kLegendWidth - 14, std::max(availableHeight, 60.0));
  return layout;
}

QRectF HeatmapWidget::matrixRect() const { return computeLayout().matrix; }

QRectF HeatmapWidget::cellRect(int row, int col) const { return viewCellRect(matrixRect(), row, col); }

QRectF HeatmapWidget::viewCellRect(const QRectF &matrix, int row, int col) const {
  const QRect view = viewport();
  return geometry::cellRect(matrix, view.height(), view.width(), row - view.y(), col - view.x());
}

QPoint HeatmapWidget::cellAt(const QPointF &position) const {
  const QRect view = viewport();
  const QPoint cell = geometry::cellAt(matrixRect(), view.height(), view.width(), position);
  return cell.x() < 0 ? cell : cell + view.topLeft();
}

QRectF HeatmapWidget::minimapRect() const {
  if (m_slice->empty() || !isZoomed()) return {};
  const Layout layout = computeLayout();
  // Under the legend, the matrix's shape scaled into a square of kMinimapSide.
  const double scale = kMinimapSide / std::max(m_slice->rows(), m_slice->cols());
  const QSizeF size(m_slice->cols() * scale, m_slice->rows() * scale);
  return QRectF(QPointF(layout.legend.left(), std::max(layout.legend.top(), layout.legend.bottom() - size.height())), size);
}

TokenRef HeatmapWidget::labelAt(const QPointF &position) const {
  if (m_slice->empty()) return {};
  const QRectF matrix = matrixRect();
  // query labels: left of the matrix, one per row; key labels: above it, one per column
  if (position.x() < matrix.left() && position.y() >= matrix.top() && position.y() < matrix.bottom()) {
    const int row = static_cast<int>((position.y() - matrix.top()) / (matrix.height() / m_slice->rows()));
    return {TokenSide::Query, std::clamp(row, 0, m_slice->rows() - 1)};
  }
  if (position.y() < matrix.top() && position.x() >= matrix.left() && position.x() < matrix.right()) {
    const int col = static_cast<int>((position.x() - matrix.left()) / (matrix.width() / m_slice->cols()));
    return {TokenSide::Key, std::clamp(col, 0, m_slice->cols() - 1)};
  }
  return {};
}

void HeatmapWidget::setTitle(const QString &title) {
  m_title = title;
  update();
}

QString HeatmapWidget::title() const {
  // A per-layer method has one matrix for the whole layer: never "Head 1".
  QString text = m_slice->perLayer() ? tr("%1 · %2 (%3)").arg(methodName(m_slice->method), describeStep(m_slice->step),
                                                                methodHeadsLabel(m_slice->methodHeads))
                                    : tr("Head %1 · %2").arg(m_head + 1).arg(describeStep(m_slice->step));
  if (m_slice->method == core::AttentionMethod::Norm) text = methodName(m_slice->method) + QStringLiteral(" · ") + text;
  if (!m_title.isEmpty()) text = m_title;  // a page that names what it shows (rollout's mean of heads)
  // α̂'s share on the first and special tokens (docs/reading.md), and how the tokens are read
  const std::size_t head = static_cast<std::size_t>(m_head);
  if (m_title.isEmpty() && m_slice->method == core::AttentionMethod::Raw && m_slice->scale == ValueScale::Weights &&
      head < m_slice->sinkShare.size()) {
    text += tr(" · sink share %1").arg(m_slice->sinkShare[head], 0, 'f', 2);
  }
  if (!m_slice->methodNote.isEmpty()) text += QStringLiteral(" · ") + m_slice->methodNote;
  if (const QString reading = readingCaption(m_slice->reading); !reading.isEmpty()) text += QStringLiteral(" · ") + reading;
  if (m_slice->scale == ValueScale::Difference && !m_slice->differenceName.isEmpty()) {
    text += QStringLiteral(" · ") + m_slice->differenceName;
  }
  if (m_slice->window > 0) text += tr(" · sliding window %1").arg(m_slice->window);
  if (m_slice->grouped()) {
    text += tr(" · key/value head %1 of %2").arg(m_head / m_slice->groupSize() + 1).arg(m_slice->kvHeads);
  }
  if (m_slice->empty()) return text;
  const QRect view = viewport();
  if (isZoomed()) {
    text += tr(" · queries %1–%2, keys %3–%4").arg(view.top() + 1).arg(view.bottom() + 1).arg(view.left() + 1).arg(view.right() + 1);
  }
  const int block = tileBlock();
  if (block > 1) text += tr(" · tiles: %1 of %2×%2 cells").arg(tileAggregateName(m_aggregate)).arg(block);
  return text;
}

QPainterPath HeatmapWidget::windowEdges() const { return windowEdges(matrixRect()); }

QPainterPath HeatmapWidget::windowEdges(const QRectF &matrix) const {
  QPainterPath edges;
  if (m_slice->window <= 0 || m_slice->empty()) return edges;
  const QRect view = viewport();
  const int cols = m_slice->cols();
  // One staircase per edge, row by row: a vertical run beside the row's cells, then a step to the
  // next row's. An edge on the matrix border is not drawn: the border already shows it.
  const auto staircase = [&](auto borderOfRow) {
    bool started = false;
    for (int row = view.top(); row <= view.bottom(); ++row) {
      const std::optional<double> x = borderOfRow(row);
      if (!x) {
        started = false;
        continue;
      }
      const QRectF cell = viewCellRect(matrix, row, view.left());
      if (started) edges.lineTo(*x, cell.top());
      else edges.moveTo(*x, cell.top());
      edges.lineTo(*x, cell.bottom());
      started = true;
    }
  };
  // j = i: the right border of the diagonal cell.
  staircase([&](int row) -> std::optional<double> {
    if (row + 1 >= cols) return std::nullopt;
    return viewCellRect(matrix, row, row).right();
  });
  // j = i − W + 1: the left border of the oldest key in the window.
  staircase([&](int row) -> std::optional<double> {
    const int oldest = row - m_slice->window + 1;
    if (oldest < 1 || oldest >= cols) return std::nullopt;
    return viewCellRect(matrix, row, oldest).left();
  });
  return edges;
}

void HeatmapWidget::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());
  if (m_slice->empty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    return;
  }
  const Layout layout = computeLayout();
  QFont titleFont = font();
  titleFont.setBold(true);
  painter.setFont(titleFont);
  painter.setPen(headColour(m_head).darker(110));
  painter.drawText(layout.title, Qt::AlignLeft | Qt::AlignVCenter,
                   painter.fontMetrics().elidedText(title(), Qt::ElideRight, int(layout.title.width())));
  requestTiles(layout);
  paintCells(painter, layout);
  paintLabels(painter, layout);
  paintLegend(painter, layout);
  paintMinimap(painter);
}

void HeatmapWidget::paintCells(QPainter &painter, const Layout &layout) const {
  const QRect view = viewport();
  painter.save();
  painter.setClipRect(layout.matrix.adjusted(-2, -2, 2, 2));
  if (layout.block > 1) {
    paintTiles(painter, layout);
  } else {
    const core::RowMatrix &values = m_slice->heads[static_cast<std::size_t>(m_head)];
    for (int row = view.top(); row <= view.bottom(); ++row) {
      for (int col = view.left(); col <= view.right(); ++col) {
        // Rounded outward so neighbouring cells leave no hairline gaps.
        const QRectF cell = viewCellRect(layout.matrix, row, col);
        const QRect pixels(QPoint(int(cell.left()), int(cell.top())), QPoint(int(cell.right()), int(cell.bottom())));
        if (m_slice->isMasked(row, col)) {
          painter.fillRect(pixels, maskColour());
          painter.fillRect(pixels, maskHatchBrush());
        } else {
          painter.fillRect(pixels, valueColour(values(row, col), m_slice->scale, m_slice->extent));
        }
      }
    }
  }
  if (m_slice->window > 0) {
    // The sliding window's band: a subtle outline, so the hatched cells below it read as "outside
    // the window", not as weights that happen to be 0.
    QColor edge = palette().color(QPalette::Text);
    edge.setAlpha(170);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(edge, 1.5, Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(windowEdges(layout.matrix));
    painter.restore();
  }
  if (m_hoveredCell.x() >= 0 && layout.block == 1) {
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(viewCellRect(layout.matrix, m_hoveredCell.y(), m_hoveredCell.x()));
  }
  if (m_highlightedQuery >= view.top() && m_highlightedQuery <= view.bottom()) {
    // The pointer highlight: a thick outline in the highlight colour, visible from the back of a room.
    const QRectF first = viewCellRect(layout.matrix, m_highlightedQuery, view.left());
    painter.setPen(QPen(palette().color(QPalette::Highlight), 3));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(layout.matrix.left(), first.top(), layout.matrix.width(), first.height()));
  }
  if (m_slice->newestQuery >= view.top() && m_slice->newestQuery <= view.bottom()) {
    // The generation stepper's newest token: its row is what this step added.
    const QRectF first = viewCellRect(layout.matrix, m_slice->newestQuery, view.left());
    painter.setPen(QPen(palette().color(QPalette::Text), 1.5, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(layout.matrix.left(), first.top(), layout.matrix.width(), first.height()));
  }
  painter.restore();
}

void HeatmapWidget::paintTiles(QPainter &painter, const Layout &layout) const {
  // The last tiles of this slice and head, for whatever view they were computed: scaled and moved
  // to where their cells are now until the view's own arrive (requestTiles).
  const HeatmapTiles &grid = m_tiles;
  if (m_tilesKey.slice != m_sliceSerial || m_tilesKey.head != m_head || grid.tileRows == 0) {
    painter.fillRect(layout.matrix, palette().color(QPalette::Window));
    return;
  }
  // Only the tiles that meet the view.
  const QRect view = viewport().intersected(grid.cells);
  if (view.isEmpty()) return;
  const int firstRow = (view.top() - grid.cells.top()) / grid.block;
  const int lastRow = (view.bottom() - grid.cells.top()) / grid.block;
  const int firstCol = (view.left() - grid.cells.left()) / grid.block;
  const int lastCol = (view.right() - grid.cells.left()) / grid.block;
  for (int tileRow = firstRow; tileRow <= lastRow; ++tileRow) {
    for (int tileCol = firstCol; tileCol <= lastCol; ++tileCol) {
      const QRect cells = grid.tileCells(tileRow, tileCol);
      const QRectF area = viewCellRect(layout.matrix, cells.top(), cells.left())
                              .united(viewCellRect(layout.matrix, cells.bottom(), cells.right()));
      const QRect pixels(QPoint(int(area.left()), int(area.top())), QPoint(int(area.right()), int(area.bottom())));
      if (grid.isMasked(tileRow, tileCol)) {
        painter.fillRect(pixels, maskColour());
      } else {
        painter.fillRect(pixels, valueColour(grid.value(tileRow, tileCol), m_slice->scale, m_slice->extent));
      }
    }
  }
}

void HeatmapWidget::paintMinimap(QPainter &painter) const {
  const QRectF area = minimapRect();
  if (area.isEmpty()) return;
  painter.save();
  // (until this slice's and head's minimap arrives from the runner, the frame alone)
  if (!m_minimap.isNull() && m_minimapKey.slice == m_sliceSerial && m_minimapKey.head == m_head) {
    painter.drawImage(area, m_minimap);
  }
  painter.setPen(palette().color(QPalette::Mid));
  painter.setBrush(Qt::NoBrush);
  painter.drawRect(area);
  // Where the view is.
  const QRect view = viewport();
  const double sx = area.width() / m_slice->cols();
  const double sy = area.height() / m_slice->rows();
  painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
  painter.drawRect(QRectF(area.left() + view.x() * sx, area.top() + view.y() * sy, std::max(view.width() * sx, 2.0),
                          std::max(view.height() * sy, 2.0)));
  painter.restore();
}

std::vector<int> HeatmapWidget::labelledIndices(const Layout &layout, TokenSide side) const {
  std::vector<int> indices;
  if (m_slice->empty() || !layout.labels) return indices;
  const QRect view = viewport();
  const int first = side == TokenSide::Query ? view.top() : view.left();
  const int last = side == TokenSide::Query ? view.bottom() : view.right();
  // Multiples of the stride: the same tokens keep their labels while the view pans.
  const int stride = layout.labelStride;
  for (int index = (first + stride - 1) / stride * stride; index <= last; index += stride) indices.push_back(index);
  return indices;
}

QRectF HeatmapWidget::labelBox(const Layout &layout, TokenSide side, int index) const {
  const double line = QFontMetricsF(layout.labelFont).height();
  const QRect view = viewport();
  if (side == TokenSide::Query) {
    const QRectF cell = viewCellRect(layout.matrix, index, view.left());
    return QRectF(kMargin, cell.center().y() - line / 2, layout.labelWidth - 4, line);
  }
  const QRectF cell = viewCellRect(layout.matrix, view.top(), index);
  const double length = layout.labelHeight - 6;
  return QRectF(cell.center().x() - line / 2, layout.matrix.top() - 4 - length, line, length);
}

std::vector<QRectF> HeatmapWidget::labelBoxes(TokenSide side) const {
  const Layout layout = computeLayout();
  std::vector<QRectF> boxes;
  for (const int index : labelledIndices(layout, side)) boxes.push_back(labelBox(layout, side, index));
  return boxes;
}

void HeatmapWidget::paintLabels(QPainter &painter, const Layout &layout) const {
  if (!layout.labels) return;
  painter.setFont(layout.labelFont);
  const QFontMetricsF metrics(layout.labelFont);
  const QRect view = viewport();
  const QColor text = palette().color(QPalette::Text);
  for (const int row : labelledIndices(layout, TokenSide::Query)) {
    const TokenLabel &token = m_slice->queries.tokens[row];
    const QRectF box = labelBox(layout, TokenSide::Query, row);
    QFont font = layout.labelFont;
    font.setBold(row == m_hoveredCell.y() || row == m_slice->newestQuery || row == m_highlightedQuery);
    font.setUnderline(token.unknown);
    painter.setFont(font);
    painter.setPen(token.unknown ? warningColour() : text);
    painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter,
                     metrics.elidedText(token.shown(), Qt::ElideMiddle, box.width()));
  }
  for (const int col : labelledIndices(layout, TokenSide::Key)) {
    const TokenLabel &token = m_slice->keys.tokens[col];
    QFont font = layout.labelFont;
    font.setBold(col == m_hoveredCell.x());
    font.setUnderline(token.unknown);
    painter.setFont(font);
    painter.setPen(token.unknown ? warningColour() : text);
    const QRectF box = labelBox(layout, TokenSide::Key, col);
    painter.save();
    // Key labels run upwards from the top edge of their column.
    painter.translate(box.center().x(), box.bottom());
    painter.rotate(-90);
    painter.drawText(QRectF(0, -box.width() / 2, box.height(), box.width()), Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(token.shown(), Qt::ElideMiddle, box.height()));
    painter.restore();
  }
  // The sink marker: a purple bar between the label and its column (first and special tokens),
  // on every sink column, labelled or not.
  for (int col = view.left(); col <= view.right(); ++col) {
    if (!m_slice->keys.tokens[col].sink) continue;
    const QRectF cell = viewCellRect(layout.matrix, view.top(), col);
    painter.fillRect(QRectF(cell.left(), layout.matrix.top() - 3, cell.width(), 2), sinkMarkerColour());
  }
  painter.setFont(font());
}

void HeatmapWidget::paintLegend(QPainter &painter, const Layout &layout) const {
  const bool difference = m_slice->scale == ValueScale::Difference;
  const bool magnitude = m_slice->scale == ValueScale::Magnitude;
  // The legend's title (α̂) sits above the bar, beside it rather than over its colours; below the bar
  // there is room for the mask swatch and the window's outline.
  constexpr double titleHeight = 20;
  const double barHeight = std::min(layout.legend.height() - titleHeight - (m_slice->window > 0 ? 44 : 20), 220.0);
  const QRectF bar(layout.legend.left(), layout.legend.top() + titleHeight, 14, std::max(barHeight, 40.0));
  QLinearGradient gradient(bar.topLeft(), bar.bottomLeft());
  for (int i = 0; i <= 10; ++i) {
    const float t = 1.0f - i / 10.0f;  // top = largest value
    const float value = difference ? (2 * t - 1) * m_slice->extent : magnitude ? t * m_slice->extent : t;
    gradient.setColorAt(i / 10.0, valueColour(value, m_slice->scale, m_slice->extent));
  }
  painter.fillRect(bar, gradient);
  painter.setPen(palette().color(QPalette::Mid));
  painter.drawRect(bar);

  QFont small = font();
  small.setPixelSize(11);
  painter.setFont(small);
  painter.setPen(palette().color(QPalette::Text));
  drawFormula(painter, QRectF(bar.left(), layout.legend.top(), layout.legend.width(), titleHeight - 2),
              Qt::AlignLeft | Qt::AlignBottom,
              difference && m_slice->method == core::AttentionMethod::Raw ? tr("Δ α̂")
              : difference                                                ? tr("Δ %1").arg(methodName(m_slice->method))
              : m_slice->method == core::AttentionMethod::Raw               ? tr("α̂")
                                                                           : methodName(m_slice->method));
  const float top = difference || magnitude ? m_slice->extent : 1.0f;
  const float bottom = difference ? -m_slice->extent : 0.0f;
  const auto tick = [&](double y, float value) {
    painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
    const QString label = difference ? QString::asprintf("%+.3f", value) : QString::number(value, 'f', 1);
    painter.drawText(QRectF(bar.right() + 5, y - 8, layout.legend.width() - 20, 16), Qt::AlignLeft | Qt::AlignVCenter,
                     label);
  };
  tick(bar.top(), top);
  tick(bar.center().y(), (top + bottom) / 2);
  tick(bar.bottom(), bottom);

  if (m_slice->causal || m_slice->window > 0) {
    const QRectF swatch(bar.left(), bar.bottom() + 4, 14, 14);
    painter.fillRect(swatch, maskColour());
    painter.fillRect(swatch, maskHatchBrush());
    painter.drawText(QRectF(swatch.right() + 4, swatch.top() - 1, layout.legend.width() - 18, 16),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("masked"));
  }
  if (m_slice->window > 0) {
    // The band's outline, as drawn over the cells.
    const double y = bar.bottom() + 31;
    QColor edge = palette().color(QPalette::Text);
    edge.setAlpha(170);
    painter.setPen(QPen(edge, 1.5));
    painter.drawLine(QPointF(bar.left() + 7, y - 7), QPointF(bar.left() + 7, y + 7));
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(bar.left() + 18, y - 8, layout.legend.width() - 18, 16), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("window %1").arg(m_slice->window));
  }
  if (layout.block > 1) {
    // Zoomed out: what a tile's colour is (the heading says it too, when it has room).
    const double y = bar.bottom() + (m_slice->window > 0 ? 44 : m_slice->causal ? 22 : 4);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(bar.left(), y, layout.legend.width(), 30), Qt::AlignLeft | Qt::AlignTop,
                     tr("tiles: %1\nof %2×%2 cells").arg(tileAggregateName(m_aggregate)).arg(layout.block));
  }
  painter.setFont(font());
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent *event) {
  if ((event->buttons() & Qt::LeftButton) && m_dragFrom.x() >= 0) {
    // Panning: the cells follow the pointer.
    const double cell = computeLayout().cell;
    const QPointF moved = (event->position() - m_dragFrom) / cell;
    setViewport(m_dragView.translated(-static_cast<int>(std::lround(moved.x())), -static_cast<int>(std::lround(moved.y()))));
    return;
  }
  const QPoint cell = cellAt(event->position());
  if (cell == m_hoveredCell) return;
  m_hoveredCell = cell;
  update();
}

void HeatmapWidget::mousePressEvent(QMouseEvent *event) {
  if (event->button() != Qt::LeftButton || m_slice->empty()) return QWidget::mousePressEvent(event);
  const QRectF minimap = minimapRect();
  if (minimap.contains(event->position())) {
    // A click on the minimap centres the view there.
    const QRect view = viewport();
    const double col = (event->position().x() - minimap.left()) / minimap.width() * m_slice->cols();
    const double row = (event->position().y() - minimap.top()) / minimap.height() * m_slice->rows();
    setViewport(QRect(static_cast<int>(col - view.width() / 2.0), static_cast<int>(row - view.height() / 2.0),
                      view.width(), view.height()));
    return;
  }
  m_dragFrom = event->position();
  m_dragView = viewport();
}

void HeatmapWidget::mouseReleaseEvent(QMouseEvent *event) {
  m_dragFrom = QPointF(-1, -1);
  QWidget::mouseReleaseEvent(event);
}

void HeatmapWidget::mouseDoubleClickEvent(QMouseEvent *) { resetZoom(); }

void HeatmapWidget::wheelEvent(QWheelEvent *event) {
  if (m_slice->empty() || event->angleDelta().y() == 0) return QWidget::wheelEvent(event);
  zoomBy(std::pow(kWheelZoom, event->angleDelta().y() / 120.0), event->position());
  event->accept();
}

void HeatmapWidget::leaveEvent(QEvent *) {
  m_hoveredCell = {-1, -1};
  update();
}

bool HeatmapWidget::event(QEvent *event) {
  if (event->type() == QEvent::ToolTip) {
    auto *help = static_cast<QHelpEvent *>(event);
    const QPoint cell = cellAt(help->pos());
    const int block = cell.x() >= 0 ? tileBlock() : 1;
    if (block > 1 && !tilesCurrent()) {
      QToolTip::showText(help->globalPos(), tr("Computing the tiles of this view…"), this);
    } else if (block > 1) {
      // A tile: what it aggregates, and how to see its cells.
      const HeatmapTiles &grid = m_tiles;
      const int tileRow = (cell.y() - grid.cells.y()) / grid.block;
      const int tileCol = (cell.x() - grid.cells.x()) / grid.block;
      const QRect cells = grid.tileCells(tileRow, tileCol);
      const QString value = grid.isMasked(tileRow, tileCol) ? tr("all masked")
                                                            : tr("%1 %2").arg(tileAggregateName(grid.aggregate))
                                                                  .arg(grid.value(tileRow, tileCol), 0, 'f', 4);
      QToolTip::showText(help->globalPos(),
                         tr("Queries %1–%2 × keys %3–%4: %5\nA tile of %6×%6 cells: turn the wheel to zoom in "
                            "for single cells and token labels.")
                             .arg(cells.top() + 1)
                             .arg(cells.bottom() + 1)
                             .arg(cells.left() + 1)
                             .arg(cells.right() + 1)
                             .arg(value)
                             .arg(grid.block),
                         this);
    } else if (cell.x() >= 0) {
      QToolTip::showText(help->globalPos(), m_model->data(m_model->index(cell.y(), cell.x()), Qt::ToolTipRole).toString(),
                         this, cellRect(cell.y(), cell.x()).toRect());
    } else {
      const QString text = m_slice->scale == ValueScale::Difference
                               ? tr("Rows are queries, columns are keys, matched token by token: %1. Red: the weight "
                                    "rose; blue: it fell. Hover a cell for its exact value.")
                                     .arg(m_slice->differenceName)
                           : m_slice->method != core::AttentionMethod::Raw
                               ? tr("Rows are queries, columns are keys: %1. Hover a cell for its exact value.")
                                     .arg(methodToolTip(m_slice->method))
                               : tr("Rows are queries, columns are keys; each row sums to 1. "
                                    "Hover a cell for its exact value.");
      const QString window =
          m_slice->window > 0 ? QStringLiteral("\n") +
                                   tr("Sliding window of %1: each query sees only the keys between the outlined "
                                      "edges; the hatched cells left of the band are masked.")
                                       .arg(m_slice->window)
                             : QString();
      const QString zoom = QStringLiteral("\n") + tr("Turn the wheel to zoom, drag to pan, double-click for the whole "
                                                      "matrix.");
      QToolTip::showText(help->globalPos(), text + window + zoom, this);
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace ui
