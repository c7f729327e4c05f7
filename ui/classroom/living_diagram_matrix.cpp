// Stage 6 of the living diagram: every score at once, as the lecture's matrix form,
//   A = Q K^T / √d     A_{i,j} = q^i · k^j / √d
// laid out as a product is worked by hand: Q (one row per query) on the left, K^T (one column per
// key) above, A where they meet. The cells fill in one after another as the stage plays; the row
// of Q and the column of K^T behind the newest cell are outlined. With more tokens than fit, the
// rows around the query and the columns around its key are drawn, and the caption says which.
// A click on a row of Q picks its token as the query.

#include <algorithm>
#include <cmath>

#include <QPainter>

#include "colour_scales.h"
#include "living_diagram_stages.h"

namespace ui {

void paintMatrixProduct(DiagramPainter &p, const DiagramNumbers &n, const QRectF &rect, double progress,
                        DiagramDrawn &drawn) {
  QPainter &painter = p.painter();
  const double u = p.unit();
  const int rows = static_cast<int>(n.scores.rows());
  const int cols = static_cast<int>(n.scores.cols());
  const double labelWidth = std::min(rect.width() * 0.14, 7.0 * u);
  const double labelHeight = 1.6 * u;
  const double captionHeight = 1.6 * u;  // below: which rows and columns are drawn, when not all
  // Q and K^T take a fixed share; A the rest
  const QRectF area = rect.adjusted(labelWidth, labelHeight, 0, -captionHeight);
  const double qWidth = area.width() * 0.28;
  const double kHeight = area.height() * 0.28;
  const QRectF aArea(area.left() + qWidth + u, area.top() + kHeight + u, area.width() - qWidth - u,
                     area.height() - kHeight - u);
  // as many rows and columns as fit, around the query's row and key's column when not all do
  // (a row as tall as its token's name, 1.1 units at the names' 0.75 scale; a column as wide as
  // a short name, 2.4 units)
  const DiagramWindow rowWindow = diagramWindow(rows, static_cast<int>(aArea.height() / (1.1 * u)), n.query);
  const DiagramWindow colWindow = diagramWindow(cols, static_cast<int>(aArea.width() / (2.4 * u)), diagramFocusKey(n));
  const int shownRows = std::max(rowWindow.count, 1);
  const int shownCols = std::max(colWindow.count, 1);
  const int firstRow = rowWindow.first;
  const int firstCol = colWindow.first;
  const double cellW = std::min(aArea.width() / shownCols, 5.0 * u);
  const double cellH = std::min(aArea.height() / shownRows, 2.4 * u);
  drawn.rowsShown = shownRows;
  drawn.firstShown = firstRow;
  drawn.colsShown = shownCols;

  const float qkExtent = std::max(diagramExtent(n.queries), diagramExtent(n.k));
  const float aExtent = diagramExtent(n.scores);
  const int dK = static_cast<int>(n.queries.cols());
  const double qCell = qWidth / std::max(dK, 1);
  const double kCell = kHeight / std::max(dK, 1);

  // the cells revealed: ⌈progress · rows · cols⌉ in reading order
  const int total = shownRows * shownCols;
  const int revealed = std::clamp(static_cast<int>(std::ceil(progress * total - 1e-9)), 0, total);
  drawn.revealedCells = revealed;
  const int current = revealed - 1;
  const int currentRow = current >= 0 ? current / shownCols : -1;
  const int currentCol = current >= 0 ? current % shownCols : -1;

  // the corner names the three matrices: K^T to its right, Q below it, A diagonally
  const double third = kHeight / 3;
  p.formula(QRectF(area.left(), area.top(), qWidth, third), Qt::AlignRight | Qt::AlignVCenter,
            diagramText("K^T (columns k^j) →"), 0.8);
  p.formula(QRectF(area.left(), area.top() + third, qWidth, third), Qt::AlignLeft | Qt::AlignVCenter,
            diagramText("Q (rows q^i) ↓"), 0.8);

  // Q: one row per query; K^T: one column per key
  for (int r = 0; r < shownRows; ++r) {
    const int i = firstRow + r;
    const double top = aArea.top() + r * cellH;
    for (int d = 0; d < dK; ++d) {
      painter.fillRect(QRectF(area.left() + d * qCell, top + 1, qCell + 0.3, cellH - 2),
                       differenceColour(n.queries(i, d), qkExtent));
    }
    painter.save();
    painter.setPen(i == n.query ? p.readable(headColour(n.head).darker(130)) : p.text());
    p.token(QRectF(rect.left(), top, labelWidth - 0.3 * u, cellH), Qt::AlignRight | Qt::AlignVCenter,
            n.queryTokens.value(i), 0.75);
    painter.restore();
    // a click on a query's row (its token or its q) makes it the query
    drawn.queryTargets.push_back({QRectF(rect.left(), top, area.left() + qWidth - rect.left(), cellH), i});
  }
  for (int c = 0; c < shownCols; ++c) {
    const int j = firstCol + c;
    const double left = aArea.left() + c * cellW;
    for (int d = 0; d < dK; ++d) {
      painter.fillRect(QRectF(left + 1, area.top() + d * kCell, cellW - 2, kCell + 0.3),
                       differenceColour(n.k(j, d), qkExtent));
    }
    painter.save();
    painter.translate(left + cellW / 2, area.top() - 0.1 * u);
    p.token(QRectF(-cellW / 2, -labelHeight, cellW, labelHeight), Qt::AlignCenter | Qt::AlignBottom,
            n.keyTokens.value(j), 0.7);
    painter.restore();
  }

  // A, cell by cell
  const bool numbers = cellW >= 3.2 * u && cellH >= 1.2 * u;
  for (int c = 0; c < revealed; ++c) {
    const int r = c / shownCols;
    const int k = c % shownCols;
    const QRectF cell(aArea.left() + k * cellW, aArea.top() + r * cellH, cellW, cellH);
    const float value = n.scores(firstRow + r, firstCol + k);
    const QColor fill = std::isinf(value) ? maskColour() : differenceColour(value, aExtent);
    painter.fillRect(cell.adjusted(1, 1, -1, -1), fill);
    if (std::isinf(value)) painter.fillRect(cell.adjusted(1, 1, -1, -1), maskHatchBrush());
    if (numbers) {
      painter.save();
      painter.setPen(DiagramPainter::textOn(fill));  // black on the light cells, white on the strong ones
      p.formula(cell, Qt::AlignCenter, DiagramPainter::number(value), 0.6);
      painter.restore();
    }
  }
  // the row and column the newest cell multiplies
  if (currentRow >= 0) {
    painter.save();
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(headColour(n.head), std::max(2.0, u / 6)));
    painter.drawRect(QRectF(area.left(), aArea.top() + currentRow * cellH, qWidth, cellH));
    painter.drawRect(QRectF(aArea.left() + currentCol * cellW, area.top(), cellW, kHeight));
    painter.drawRect(QRectF(aArea.left() + currentCol * cellW, aArea.top() + currentRow * cellH, cellW, cellH));
    painter.restore();
  }
  //: the part of the matrix drawn, 1-based: rows %1 to %2 and columns %3 to %4 of a %5 × %6 matrix
  const QString more = rows > shownRows || cols > shownCols
                           ? diagramText("rows %1–%2, columns %3–%4 of %5 × %6")
                                 .arg(firstRow + 1)
                                 .arg(firstRow + shownRows)
                                 .arg(firstCol + 1)
                                 .arg(firstCol + shownCols)
                                 .arg(rows)
                                 .arg(cols)
                           : QString();
  p.formula(QRectF(area.left(), area.top() + 2 * third, qWidth, third), Qt::AlignRight | Qt::AlignVCenter,
            QStringLiteral("A = Q K^T / √d ↘"), 0.8, true);
  if (!more.isEmpty()) {
    p.formula(QRectF(area.left(), rect.bottom() - captionHeight, rect.right() - area.left(), captionHeight),
              Qt::AlignLeft | Qt::AlignVCenter,
              more, 0.7);
  }
}

}  // namespace ui
