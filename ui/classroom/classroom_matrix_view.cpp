#include "classroom_matrix_view.h"

#include <algorithm>
#include <cmath>

#include <QPainter>

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

void ClassroomMatrixView::setShowNumbers(bool show) {
  m_showNumbers = show;
  update();
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
  if (m_matrix.size() == 0) return;

  int labelWidth = 0;
  for (const QString &label : m_rowLabels) labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label) + 6);
  const int labelHeight = m_columnLabels.isEmpty() ? 0 : metrics.height() + 4;
  const QRectF area(labelWidth, titleHeight + labelHeight, width() - labelWidth - 1,
                    height() - titleHeight - labelHeight - 1);
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
    painter.drawText(QRectF(0, area.top() + i * cellHeight, labelWidth - 4, cellHeight),
                     Qt::AlignRight | Qt::AlignVCenter, m_rowLabels[i]);
  }
  for (int j = 0; j < std::min<int>(m_columnLabels.size(), static_cast<int>(m_matrix.cols())); ++j) {
    painter.drawText(QRectF(area.left() + j * cellWidth, titleHeight, cellWidth, labelHeight), Qt::AlignCenter,
                     metrics.elidedText(m_columnLabels[j], Qt::ElideRight, static_cast<int>(cellWidth)));
  }
}

}  // namespace ui
