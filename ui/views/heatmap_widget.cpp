#include "heatmap_widget.h"

#include "attention_methods.h"

#include <algorithm>
#include <optional>

#include <QHelpEvent>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "attention_geometry.h"
#include "attention_table_model.h"
#include "colour_scales.h"
#include "formula.h"

namespace ui {

namespace {

constexpr double kMargin = 8.0;
constexpr double kTitleHeight = 22.0;
constexpr double kLegendWidth = 78.0;
constexpr double kMaxCell = 44.0;
constexpr double kMaxLabel = 130.0;

QColor warningColour() { return QColor(0xd6, 0x27, 0x28); }

}  // namespace

HeatmapWidget::HeatmapWidget(QWidget *parent)
    : QWidget(parent), m_model(new AttentionTableModel(this)), m_placeholder(tr("No attention to show yet.")) {
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
}

void HeatmapWidget::setSlice(const AttentionSlice &slice, int head) {
  m_slice = slice;
  m_head = std::clamp(head, 0, std::max(0, slice.headCount() - 1));
  m_model->setSlice(m_slice, m_head);
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
  const int rows = m_slice.rows();
  const int cols = std::max(m_slice.cols(), 1);
  layout.title = QRectF(kMargin, kMargin, width() - 2 * kMargin, kTitleHeight);
  // Label text shrinks with the cells so a long sentence still fits.
  const double roughCell = std::min((width() - 2 * kMargin - kLegendWidth - kMaxLabel) / cols,
                                    (height() - 2 * kMargin - kTitleHeight - kMaxLabel) / std::max(rows, 1));
  layout.labelFont = font();
  layout.labelFont.setPixelSize(static_cast<int>(std::clamp(roughCell * 0.75, 8.0, 13.0)));
  const QFontMetricsF metrics(layout.labelFont);
  double widestQuery = 0;
  double widestKey = 0;
  for (const TokenLabel &token : m_slice.queries.tokens) widestQuery = std::max(widestQuery, metrics.horizontalAdvance(token.shown()));
  for (const TokenLabel &token : m_slice.keys.tokens) widestKey = std::max(widestKey, metrics.horizontalAdvance(token.shown()));
  layout.labelWidth = std::min(widestQuery + 8, kMaxLabel);
  layout.labelHeight = std::min(widestKey + 8, kMaxLabel);

  const double left = kMargin + layout.labelWidth;
  const double top = layout.title.bottom() + layout.labelHeight;
  const double availableWidth = width() - left - kMargin - kLegendWidth;
  const double availableHeight = height() - top - kMargin;
  const double cell = std::max(1.0, std::min({availableWidth / cols, availableHeight / std::max(rows, 1), kMaxCell}));
  layout.matrix = QRectF(left, top, cell * cols, cell * rows);
  layout.legend = QRectF(layout.matrix.right() + 14, top, kLegendWidth - 14, std::max(availableHeight, 60.0));
  return layout;
}

QRectF HeatmapWidget::matrixRect() const { return computeLayout().matrix; }

QRectF HeatmapWidget::cellRect(int row, int col) const {
  return geometry::cellRect(matrixRect(), m_slice.rows(), m_slice.cols(), row, col);
}

TokenRef HeatmapWidget::labelAt(const QPointF &position) const {
  if (m_slice.empty()) return {};
  const QRectF matrix = matrixRect();
  // query labels: left of the matrix, one per row; key labels: above it, one per column
  if (position.x() < matrix.left() && position.y() >= matrix.top() && position.y() < matrix.bottom()) {
    const int row = static_cast<int>((position.y() - matrix.top()) / (matrix.height() / m_slice.rows()));
    return {TokenSide::Query, std::clamp(row, 0, m_slice.rows() - 1)};
  }
  if (position.y() < matrix.top() && position.x() >= matrix.left() && position.x() < matrix.right()) {
    const int col = static_cast<int>((position.x() - matrix.left()) / (matrix.width() / m_slice.cols()));
    return {TokenSide::Key, std::clamp(col, 0, m_slice.cols() - 1)};
  }
  return {};
}

void HeatmapWidget::setTitle(const QString &title) {
  m_title = title;
  update();
}

QString HeatmapWidget::title() const {
  // A per-layer method has one matrix for the whole layer: never "Head 1".
  QString text = m_slice.perLayer() ? tr("%1 · %2 (all heads)").arg(methodName(m_slice.method), describeStep(m_slice.step))
                                    : tr("Head %1 · %2").arg(m_head + 1).arg(describeStep(m_slice.step));
  if (m_slice.method == core::AttentionMethod::Norm) text = methodName(m_slice.method) + QStringLiteral(" · ") + text;
  if (!m_title.isEmpty()) text = m_title;  // a page that names what it shows (rollout's mean of heads)
  if (m_slice.scale == ValueScale::Difference) {
    text += m_slice.differenceName.isEmpty() ? tr(" · with PE − without PE") : QStringLiteral(" · ") + m_slice.differenceName;
  }
  if (m_slice.window > 0) text += tr(" · sliding window %1").arg(m_slice.window);
  if (m_slice.grouped()) {
    text += tr(" · key/value head %1 of %2").arg(m_head / m_slice.groupSize() + 1).arg(m_slice.kvHeads);
  }
  return text;
}

QPainterPath HeatmapWidget::windowEdges() const { return windowEdges(matrixRect()); }

QPainterPath HeatmapWidget::windowEdges(const QRectF &matrix) const {
  QPainterPath edges;
  if (m_slice.window <= 0 || m_slice.empty()) return edges;
  const int rows = m_slice.rows();
  const int cols = m_slice.cols();
  // One staircase per edge, row by row: a vertical run beside the row's cells, then a step to the
  // next row's. An edge on the matrix border is not drawn: the border already shows it.
  const auto staircase = [&](auto borderOfRow) {
    bool started = false;
    for (int row = 0; row < rows; ++row) {
      const std::optional<double> x = borderOfRow(row);
      if (!x) {
        started = false;
        continue;
      }
      const QRectF cell = geometry::cellRect(matrix, rows, cols, row, 0);
      if (started) edges.lineTo(*x, cell.top());
      else edges.moveTo(*x, cell.top());
      edges.lineTo(*x, cell.bottom());
      started = true;
    }
  };
  // j = i: the right border of the diagonal cell.
  staircase([&](int row) -> std::optional<double> {
    if (row + 1 >= cols) return std::nullopt;
    return geometry::cellRect(matrix, rows, cols, row, row).right();
  });
  // j = i − W + 1: the left border of the oldest key in the window.
  staircase([&](int row) -> std::optional<double> {
    const int oldest = row - m_slice.window + 1;
    if (oldest < 1 || oldest >= cols) return std::nullopt;
    return geometry::cellRect(matrix, rows, cols, row, oldest).left();
  });
  return edges;
}

void HeatmapWidget::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());
  if (m_slice.empty()) {
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
  paintCells(painter, layout);
  paintLabels(painter, layout);
  paintLegend(painter, layout);
}

void HeatmapWidget::paintCells(QPainter &painter, const Layout &layout) const {
  const int rows = m_model->rowCount();
  const int cols = m_model->columnCount();
  for (int row = 0; row < rows; ++row) {
    for (int col = 0; col < cols; ++col) {
      const QModelIndex index = m_model->index(row, col);
      // Rounded outward so neighbouring cells leave no hairline gaps.
      const QRectF cell = geometry::cellRect(layout.matrix, rows, cols, row, col);
      const QRect pixels(QPoint(int(cell.left()), int(cell.top())), QPoint(int(cell.right()), int(cell.bottom())));
      if (m_model->data(index, AttentionTableModel::MaskedRole).toBool()) {
        painter.fillRect(pixels, maskColour());
        painter.fillRect(pixels, maskHatchBrush());
      } else {
        const float value = m_model->data(index, AttentionTableModel::ValueRole).toFloat();
        painter.fillRect(pixels, valueColour(value, m_slice.scale, m_slice.extent));
      }
    }
  }
  if (m_slice.window > 0) {
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
  if (m_hoveredCell.x() >= 0) {
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(geometry::cellRect(layout.matrix, rows, cols, m_hoveredCell.y(), m_hoveredCell.x()));
  }
  if (m_highlightedQuery >= 0 && m_highlightedQuery < rows) {
    // The pointer highlight: a thick outline in the highlight colour, visible from the back of a room.
    const QRectF first = geometry::cellRect(layout.matrix, rows, cols, m_highlightedQuery, 0);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 3));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(layout.matrix.left(), first.top(), layout.matrix.width(), first.height()));
  }
  if (m_slice.newestQuery >= 0) {
    // The generation stepper's newest token: its row is what this step added.
    const QRectF first = geometry::cellRect(layout.matrix, rows, cols, m_slice.newestQuery, 0);
    painter.setPen(QPen(palette().color(QPalette::Text), 1.5, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(layout.matrix.left(), first.top(), layout.matrix.width(), first.height()));
  }
}

void HeatmapWidget::paintLabels(QPainter &painter, const Layout &layout) const {
  painter.setFont(layout.labelFont);
  const QFontMetricsF metrics(layout.labelFont);
  const int rows = m_slice.rows();
  const int cols = m_slice.cols();
  const QColor text = palette().color(QPalette::Text);
  for (int row = 0; row < rows; ++row) {
    const TokenLabel &token = m_slice.queries.tokens[row];
    const QRectF cell = geometry::cellRect(layout.matrix, rows, cols, row, 0);
    const QRectF box(kMargin, cell.top(), layout.labelWidth - 4, cell.height());
    QFont font = layout.labelFont;
    font.setBold(row == m_hoveredCell.y() || row == m_slice.newestQuery || row == m_highlightedQuery);
    font.setUnderline(token.unknown);
    painter.setFont(font);
    painter.setPen(token.unknown ? warningColour() : text);
    painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter,
                     metrics.elidedText(token.shown(), Qt::ElideMiddle, box.width()));
  }
  for (int col = 0; col < cols; ++col) {
    const TokenLabel &token = m_slice.keys.tokens[col];
    const QRectF cell = geometry::cellRect(layout.matrix, rows, cols, 0, col);
    QFont font = layout.labelFont;
    font.setBold(col == m_hoveredCell.x());
    font.setUnderline(token.unknown);
    painter.setFont(font);
    painter.setPen(token.unknown ? warningColour() : text);
    painter.save();
    // Key labels run upwards from the top edge of their column.
    painter.translate(cell.center().x(), layout.matrix.top() - 4);
    painter.rotate(-90);
    painter.drawText(QRectF(0, -cell.width() / 2, layout.labelHeight - 6, cell.width()), Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(token.shown(), Qt::ElideMiddle, layout.labelHeight - 6));
    painter.restore();
  }
  painter.setFont(font());
}

void HeatmapWidget::paintLegend(QPainter &painter, const Layout &layout) const {
  const bool difference = m_slice.scale == ValueScale::Difference;
  const bool magnitude = m_slice.scale == ValueScale::Magnitude;
  // The legend's title (α̂) sits above the bar, beside it rather than over its colours; below the bar
  // there is room for the mask swatch and the window's outline.
  constexpr double titleHeight = 20;
  const double barHeight = std::min(layout.legend.height() - titleHeight - (m_slice.window > 0 ? 44 : 20), 220.0);
  const QRectF bar(layout.legend.left(), layout.legend.top() + titleHeight, 14, std::max(barHeight, 40.0));
  QLinearGradient gradient(bar.topLeft(), bar.bottomLeft());
  for (int i = 0; i <= 10; ++i) {
    const float t = 1.0f - i / 10.0f;  // top = largest value
    const float value = difference ? (2 * t - 1) * m_slice.extent : magnitude ? t * m_slice.extent : t;
    gradient.setColorAt(i / 10.0, valueColour(value, m_slice.scale, m_slice.extent));
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
              difference                                     ? tr("Δ α̂")
              : m_slice.method == core::AttentionMethod::Raw ? tr("α̂")
                                                             : methodName(m_slice.method));
  const float top = difference || magnitude ? m_slice.extent : 1.0f;
  const float bottom = difference ? -m_slice.extent : 0.0f;
  const auto tick = [&](double y, float value) {
    painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 3, y));
    const QString label = difference ? QString::asprintf("%+.3f", value) : QString::number(value, 'f', 1);
    painter.drawText(QRectF(bar.right() + 5, y - 8, layout.legend.width() - 20, 16), Qt::AlignLeft | Qt::AlignVCenter,
                     label);
  };
  tick(bar.top(), top);
  tick(bar.center().y(), (top + bottom) / 2);
  tick(bar.bottom(), bottom);

  if (m_slice.causal || m_slice.window > 0) {
    const QRectF swatch(bar.left(), bar.bottom() + 4, 14, 14);
    painter.fillRect(swatch, maskColour());
    painter.fillRect(swatch, maskHatchBrush());
    painter.drawText(QRectF(swatch.right() + 4, swatch.top() - 1, layout.legend.width() - 18, 16),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("masked"));
  }
  if (m_slice.window > 0) {
    // The band's outline, as drawn over the cells.
    const double y = bar.bottom() + 31;
    QColor edge = palette().color(QPalette::Text);
    edge.setAlpha(170);
    painter.setPen(QPen(edge, 1.5));
    painter.drawLine(QPointF(bar.left() + 7, y - 7), QPointF(bar.left() + 7, y + 7));
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(bar.left() + 18, y - 8, layout.legend.width() - 18, 16), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("window %1").arg(m_slice.window));
  }
  painter.setFont(font());
}

void HeatmapWidget::mouseMoveEvent(QMouseEvent *event) {
  const QPoint cell = geometry::cellAt(matrixRect(), m_slice.rows(), m_slice.cols(), event->position());
  if (cell == m_hoveredCell) return;
  m_hoveredCell = cell;
  update();
}

void HeatmapWidget::leaveEvent(QEvent *) {
  m_hoveredCell = {-1, -1};
  update();
}

bool HeatmapWidget::event(QEvent *event) {
  if (event->type() == QEvent::ToolTip) {
    auto *help = static_cast<QHelpEvent *>(event);
    const QPoint cell = geometry::cellAt(matrixRect(), m_slice.rows(), m_slice.cols(), help->pos());
    if (cell.x() >= 0) {
      QToolTip::showText(help->globalPos(), m_model->data(m_model->index(cell.y(), cell.x()), Qt::ToolTipRole).toString(),
                         this, cellRect(cell.y(), cell.x()).toRect());
    } else {
      const QString text = m_slice.scale == ValueScale::Difference && !m_slice.differenceName.isEmpty()
                               ? tr("Rows are queries, columns are keys, matched token by token: %1. Red: the weight "
                                    "rose; blue: it fell. Hover a cell for its exact value.")
                                     .arg(m_slice.differenceName)
                           : m_slice.scale == ValueScale::Difference
                               ? tr("Rows are queries, columns are keys. Red: the positional encoding raised the "
                                    "weight; blue: it lowered it. Hover a cell for its exact value.")
                           : m_slice.method != core::AttentionMethod::Raw
                               ? tr("Rows are queries, columns are keys: %1. Hover a cell for its exact value.")
                                     .arg(methodToolTip(m_slice.method))
                               : tr("Rows are queries, columns are keys; each row sums to 1. "
                                    "Hover a cell for its exact value.");
      const QString window =
          m_slice.window > 0 ? QStringLiteral("\n") +
                                   tr("Sliding window of %1: each query sees only the keys between the outlined "
                                      "edges; the hatched cells left of the band are masked.")
                                       .arg(m_slice.window)
                             : QString();
      QToolTip::showText(help->globalPos(), text + window, this);
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace ui
