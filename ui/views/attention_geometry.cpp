#include "attention_geometry.h"

#include <algorithm>
#include <cmath>

namespace ui::geometry {

namespace {

float clampWeight(float weight) { return std::clamp(std::isfinite(weight) ? weight : 0.0f, 0.0f, 1.0f); }

}  // namespace

double lineWidth(float weight) { return kMinLineWidth + (kMaxLineWidth - kMinLineWidth) * clampWeight(weight); }

// Square root: small but real weights stay visible, large ones still dominate.
double lineOpacity(float weight) { return 0.08 + 0.92 * std::sqrt(clampWeight(weight)); }

double tokenCentreY(double top, double height, int count, int index) {
  if (count <= 0) return top;
  return top + height * (index + 0.5) / count;
}

int tokenAt(double top, double height, int count, double y) {
  if (count <= 0 || height <= 0 || y < top || y >= top + height) return -1;
  return std::min(count - 1, static_cast<int>((y - top) / height * count));
}

QRectF cellRect(const QRectF& area, int rows, int cols, int row, int col) {
  if (rows <= 0 || cols <= 0) return {};
  const double width = area.width() / cols;
  const double height = area.height() / rows;
  return QRectF(area.left() + col * width, area.top() + row * height, width, height);
}

QPoint cellAt(const QRectF& area, int rows, int cols, const QPointF& position) {
  if (rows <= 0 || cols <= 0 || !area.contains(position)) return {-1, -1};
  const int col = std::min(cols - 1, static_cast<int>((position.x() - area.left()) / area.width() * cols));
  const int row = std::min(rows - 1, static_cast<int>((position.y() - area.top()) / area.height() * rows));
  return {col, row};
}

}  // namespace ui::geometry
