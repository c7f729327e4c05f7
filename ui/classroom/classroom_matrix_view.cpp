#include "classroom_matrix_view.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QPainter>

#include "axis_ticks.h"
#include "colour_scales.h"
#include "formula.h"

namespace ui {

ClassroomMatrixView::ClassroomMatrixView(QWidget *parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ClassroomMatrixView::setMatrix(const core::RowMatrix &matrix, Scale scale, const QStringList &rowLabels,
                                    const QStringList &columnLabels) {
  m_matrix = matrix;
  m_scale = scale;
  m_rowLabels = rowLabels;
  m_columnLabels = columnLabels;
  // The diverging scale ends at the largest finite |value|, so small vectors still show colour.
  m_extent = 1e-6f;
  for (Eigen::Index n = 0; n < m_matrix.size(); ++n) {
    const float value = m_matrix.data()[n];
    if (std::isfinite(value)) m_extent = std::max(m_extent, std::abs(value));
  }
  updateGeometry();
  update();
}

void ClassroomMatrixView::setTitle(const QString &title) {
  m_title = title;
  update();
}

void ClassroomMatrixView::setAxisTitles(const QString &rows, const QString &columns) {
  m_rowAxis = rows;
  m_columnAxis = columns;
  update();
}

void ClassroomMatrixView::setAxisOrigins(int firstRow, int firstColumn) {
  m_firstRow = firstRow;
  m_firstColumn = firstColumn;
  update();
}

void ClassroomMatrixView::setLegendTitle(const QString &markup) {
  m_legendTitle = markup;
  update();
}

std::array<QString, 3> ClassroomMatrixView::legendNumbers() const {
  const double low = m_scale == Scale::Weights ? 0.0 : -m_extent;
  const double high = m_scale == Scale::Weights ? 1.0 : m_extent;
  return {QString::number(high, 'g', 2), QString::number((low + high) / 2, 'g', 2), QString::number(low, 'g', 2)};
}

int ClassroomMatrixView::legendWidth() const {
  if (m_legendTitle.isEmpty()) return 0;
  // the bar, its numbers and the title above it: as wide as the widest, so a weights legend
  // ("1", "0.5", "0") leaves the matrix the room a narrow page has
  const QFontMetrics metrics(font());
  int numbers = 0;
  for (const QString &number : legendNumbers()) numbers = std::max(numbers, metrics.horizontalAdvance(number));
  const int title = metrics.horizontalAdvance(formulaText(m_legendTitle));
  return 6 + std::max(14 + 3 + numbers, title) + 2;
}

void ClassroomMatrixView::paintLegend(QPainter &painter, const QRectF &bar) const {
  // top = the largest value, bottom = the smallest, one line of colour per pixel
  const double low = m_scale == Scale::Weights ? 0.0 : -m_extent;
  const double high = m_scale == Scale::Weights ? 1.0 : m_extent;
  const int steps = std::max(2, static_cast<int>(bar.height()));
  for (int n = 0; n < steps; ++n) {
    const double value = high - (high - low) * n / (steps - 1);
    const QColor colour = m_scale == Scale::Weights ? weightColour(static_cast<float>(value))
                                                    : differenceColour(static_cast<float>(value), m_extent);
    painter.fillRect(QRectF(bar.left(), bar.top() + bar.height() * n / steps, bar.width(), bar.height() / steps + 1),
                     colour);
  }
  painter.setPen(palette().color(QPalette::WindowText));
  painter.drawRect(bar);
  const QFontMetrics metrics(font());
  const QRectF numbers(bar.right() + 3, bar.top() - metrics.height() / 2.0, width() - bar.right() - 3,
                       bar.height() + metrics.height());
  const std::array<QString, 3> shown = legendNumbers();
  painter.drawText(numbers, Qt::AlignLeft | Qt::AlignTop, shown[0]);
  painter.drawText(numbers, Qt::AlignLeft | Qt::AlignVCenter, shown[1]);
  painter.drawText(numbers, Qt::AlignLeft | Qt::AlignBottom, shown[2]);
}

namespace {

// An axis or legend title on one line (a rich-text formula would wrap in a narrow box).
void drawTitleLine(QPainter &painter, const QRectF &rect, int alignment, const QString &markup) {
  const QFontMetricsF metrics(painter.font());
  painter.drawText(rect, alignment | Qt::TextSingleLine,
                   metrics.elidedText(formulaText(markup), Qt::ElideRight, rect.width()));
}

}  // namespace

void ClassroomMatrixView::setShowNumbers(bool show) {
  m_showNumbers = show;
  update();
}

QSize ClassroomMatrixView::minimumSizeHint() const {
  // A matrix on show keeps room for its title, labels and some cells: on a crowded page (the
  // positional page at 800 × 820) the layout squeezed the 天涯若比鄰 matrices to no height at all;
  // the page's scroll area scrolls instead.
  if (m_matrix.size() == 0) return {0, 0};
  return {96, 96};
}

QSize ClassroomMatrixView::sizeHint() const {
  const int cell = 36;
  return {80 + cell * static_cast<int>(std::min<Eigen::Index>(m_matrix.cols(), 16)),
          60 + cell * static_cast<int>(std::min<Eigen::Index>(m_matrix.rows(), 16))};
}

void ClassroomMatrixView::paintEvent(QPaintEvent *) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  const QFontMetrics metrics(font());
  const int titleHeight = m_title.isEmpty() ? 0 : metrics.height() + 4;
  drawFormula(painter, QRectF(0, 0, width(), titleHeight), Qt::AlignCenter, m_title);
  m_columnLabelBoxes.clear();
  if (m_matrix.size() == 0) return;

  // figure furniture: axis titles, index ticks and the colour bar, when asked for
  const bool rowTicks = !m_rowAxis.isEmpty() && m_rowLabels.isEmpty();
  const bool columnTicks = !m_columnAxis.isEmpty() && m_columnLabels.isEmpty();
  const int rowAxisWidth = m_rowAxis.isEmpty() ? 0 : metrics.height() + 4;
  const int columnAxisHeight = m_columnAxis.isEmpty() ? 0 : metrics.height() + 4;
  const int columnTickHeight = columnTicks ? metrics.height() + 2 : 0;
  const int legendWidth = this->legendWidth();
  const int legendTitleHeight = m_legendTitle.isEmpty() ? 0 : metrics.height() + 4;

  int labelWidth = 0;
  for (const QString &label : m_rowLabels) labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label) + 6);
  if (rowTicks) {
    labelWidth = metrics.horizontalAdvance(QString::number(m_firstRow + m_matrix.rows())) + 8;
    labelWidth = std::max(labelWidth, metrics.horizontalAdvance(QString::number(m_firstRow)) + 8);
  }
  const int labelHeight = m_columnLabels.isEmpty() ? 0 : metrics.height() + 4;
  const int top = titleHeight + std::max(labelHeight, legendTitleHeight);
  const QRectF area(rowAxisWidth + labelWidth, top, width() - rowAxisWidth - labelWidth - legendWidth - 1,
                    height() - top - columnTickHeight - columnAxisHeight - 1);
  if (area.width() < 4 || area.height() < 4) return;
  const double cellWidth = area.width() / static_cast<double>(m_matrix.cols());
  const double cellHeight = area.height() / static_cast<double>(m_matrix.rows());
  const bool numbers = m_showNumbers && cellWidth >= metrics.horizontalAdvance("-0.00") + 4 &&
                       cellHeight >= metrics.height();

  for (Eigen::Index i = 0; i < m_matrix.rows(); ++i) {
    for (Eigen::Index j = 0; j < m_matrix.cols(); ++j) {
      const QRectF cell(area.left() + j * cellWidth, area.top() + i * cellHeight, cellWidth, cellHeight);
      const float value = m_matrix(i, j);
      if (std::isinf(value) && value < 0) {
        painter.fillRect(cell, maskColour());
        painter.fillRect(cell, maskHatchBrush());
        if (numbers) painter.drawText(cell, Qt::AlignCenter, QStringLiteral("−∞"));
        continue;
      }
      const QColor colour = m_scale == Scale::Weights ? weightColour(value) : differenceColour(value, m_extent);
      painter.fillRect(cell, colour);
      if (numbers) {
        // Dark text on light cells and light text on dark ones, so every number stays readable.
        painter.setPen(colour.lightnessF() > 0.55 ? Qt::black : Qt::white);
        painter.drawText(cell, Qt::AlignCenter, QString::number(value, 'f', 2));
      }
    }
  }
  painter.setPen(palette().color(QPalette::WindowText));
  for (int i = 0; i < std::min<int>(m_rowLabels.size(), static_cast<int>(m_matrix.rows())); ++i) {
    painter.drawText(QRectF(rowAxisWidth, area.top() + i * cellHeight, labelWidth - 4, cellHeight),
                     Qt::AlignRight | Qt::AlignVCenter, m_rowLabels[i]);
  }
  // Labels wider than their cells are written every k-th column, so none runs into the next one
  // drawn: each gets a slot of k cells, at most about eight characters wide (a longer one is elided
  // to it), never narrower than an ellipsis.
  const int longest = metrics.horizontalAdvance(QStringLiteral("abcdefgh")) + 4;
  int widest = metrics.horizontalAdvance(QChar(0x2026)) + 4;
  for (const QString &label : m_columnLabels) widest = std::max(widest, std::min(longest, metrics.horizontalAdvance(label) + 4));
  const int every = widest > cellWidth ? static_cast<int>(std::ceil(widest / cellWidth)) : 1;
  const double slot = every > 1 ? widest : cellWidth;
  // A label at the edge is moved inwards to stay in the view (a narrow view of few columns put
  // the last one past its right edge), and left out if it would then meet the one before it.
  for (int j = 0; j < std::min<int>(m_columnLabels.size(), static_cast<int>(m_matrix.cols())); j += every) {
    const QString shown = metrics.elidedText(m_columnLabels[j], Qt::ElideRight, static_cast<int>(slot) - 4);
    if (shown.isEmpty()) continue;
    const double textWidth = metrics.horizontalAdvance(shown);
    const double centre = std::clamp(area.left() + (j + 0.5) * cellWidth, textWidth / 2,
                                     std::max(textWidth / 2, width() - textWidth / 2));
    const QRectF box(centre - textWidth / 2, top - labelHeight, textWidth, labelHeight);
    if (!m_columnLabelBoxes.empty() && box.left() < m_columnLabelBoxes.back().right() + 2) continue;
    painter.drawText(QRectF(centre - slot / 2, top - labelHeight, slot, labelHeight), Qt::AlignCenter, shown);
    m_columnLabelBoxes.push_back(box);
  }
  // round index ticks: "0 5 10 15", counted from the axis origin
  if (columnTicks) {
    const double step = roundTickStep(static_cast<double>(m_matrix.cols()), std::max(1, static_cast<int>(area.width() / 48)), true);
    for (double j = 0; j < m_matrix.cols(); j += step) {
      const double x = area.left() + (j + 0.5) * cellWidth;
      const QString tick = QString::number(m_firstColumn + static_cast<int>(j));
      painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 3));
      painter.drawText(QRectF(x - 30, area.bottom() + 2, 60, metrics.height()), Qt::AlignHCenter | Qt::AlignTop, tick);
      const double textWidth = metrics.horizontalAdvance(tick);
      m_columnLabelBoxes.emplace_back(x - textWidth / 2, area.bottom() + 2, textWidth, metrics.height());
    }
  }
  if (rowTicks) {
    const double step = roundTickStep(static_cast<double>(m_matrix.rows()), std::max(1, static_cast<int>(area.height() / 28)), true);
    for (double i = 0; i < m_matrix.rows(); i += step) {
      const double y = area.top() + (i + 0.5) * cellHeight;
      painter.drawText(QRectF(rowAxisWidth, y - metrics.height() / 2.0, labelWidth - 4, metrics.height()),
                       Qt::AlignRight | Qt::AlignVCenter, QString::number(m_firstRow + static_cast<int>(i)));
    }
  }
  if (!m_columnAxis.isEmpty()) {
    drawTitleLine(painter, QRectF(area.left(), area.bottom() + columnTickHeight, area.width(), columnAxisHeight),
                  Qt::AlignCenter, m_columnAxis);
  }
  if (!m_rowAxis.isEmpty()) {
    // the row title reads bottom to top, beside the rows
    painter.save();
    painter.translate(0, area.top() + area.height() / 2);
    painter.rotate(-90);
    drawTitleLine(painter, QRectF(-area.height() / 2, 0, area.height(), rowAxisWidth), Qt::AlignCenter, m_rowAxis);
    painter.restore();
  }
  if (!m_legendTitle.isEmpty()) {
    const QRectF legend(area.right() + 6, titleHeight, legendWidth - 6, legendTitleHeight);
    drawTitleLine(painter, legend, Qt::AlignLeft | Qt::AlignVCenter, m_legendTitle);
    paintLegend(painter, QRectF(area.right() + 6, area.top() + metrics.height() / 2.0, 14,
                                std::max(10.0, area.height() - metrics.height())));
  }
}

}  // namespace ui
