#pragma once
// The geometry of the attention views as pure functions, so tests can check the mapping from
// weights to pixels without rendering.

#include <QPoint>
#include <QRectF>

namespace ui::geometry {

// Word graph: a heavier weight draws a wider and more opaque line (the lecture's line-thickness view).
constexpr double kMinLineWidth = 0.5;
constexpr double kMaxLineWidth = 9.0;
double lineWidth(float weight);    // kMinLineWidth at 0 … kMaxLineWidth at 1
double lineOpacity(float weight);  // 0.08 at 0 … 1 at 1

// The centre of token `index` of `count` spread evenly over [top, top + height].
double tokenCentreY(double top, double height, int count, int index);
// The token whose row contains y, or −1.
int tokenAt(double top, double height, int count, double y);

// Heatmap: the rectangle of cell (row, col) in a matrix filling `area`, and the inverse.
QRectF cellRect(const QRectF& area, int rows, int cols, int row, int col);
QPoint cellAt(const QRectF& area, int rows, int cols, const QPointF& position);  // (col, row), or (−1, −1)

}  // namespace ui::geometry
