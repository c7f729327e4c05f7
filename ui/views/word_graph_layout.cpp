#include "word_graph_layout.h"

#include <algorithm>

#include "attention_geometry.h"

namespace ui {

namespace {

constexpr double kMaxPitch = 44.0;  // few tokens stay close together instead of spreading over the height
constexpr double kAnchorGap = 10.0;  // between a label and where its lines start

}  // namespace

QPointF WordGraphLayout::queryAnchor(int index) const {
  return {queryAnchorX, geometry::tokenCentreY(queryTop, pitch * queries, queries, index)};
}

QPointF WordGraphLayout::keyAnchor(int index) const {
  return {keyAnchorX, geometry::tokenCentreY(keyTop, pitch * keys, keys, index)};
}

QRectF WordGraphLayout::labelRect(TokenRef token) const {
  const bool query = token.side == TokenSide::Query;
  const QRectF &column = query ? queryLabels : keyLabels;
  const double top = (query ? queryTop : keyTop) + token.index * pitch;
  return {column.left(), top, column.width(), pitch};
}

TokenRef WordGraphLayout::tokenAt(const QPointF &position) const {
  // The hit area of a token runs from its label to its anchor, so the dot counts too.
  if (position.x() >= queryLabels.left() && position.x() <= queryAnchorX + kAnchorGap) {
    const int index = geometry::tokenAt(queryTop, pitch * queries, queries, position.y());
    if (index >= 0) return {TokenSide::Query, index};
  }
  if (position.x() >= keyAnchorX - kAnchorGap && position.x() <= keyLabels.right()) {
    const int index = geometry::tokenAt(keyTop, pitch * keys, keys, position.y());
    if (index >= 0) return {TokenSide::Key, index};
  }
  return {};
}

WordGraphLayout layoutWordGraph(const QRectF &area, int queries, int keys, double queryLabelWidth,
                                double keyLabelWidth, double minPitch) {
  WordGraphLayout layout;
  layout.queries = queries;
  layout.keys = keys;
  const int most = std::max({queries, keys, 1});
  layout.pitch = std::clamp(area.height() / most, minPitch, std::max(kMaxPitch, minPitch));
  // Each column is centred vertically on its own, so a short source faces a long target evenly.
  layout.queryTop = area.top() + std::max(0.0, (area.height() - layout.pitch * queries) / 2);
  layout.keyTop = area.top() + std::max(0.0, (area.height() - layout.pitch * keys) / 2);
  // Labels take at most a third of the width each, the lines get the rest.
  const double maxLabel = area.width() / 3;
  const double queryWidth = std::min(queryLabelWidth, maxLabel);
  const double keyWidth = std::min(keyLabelWidth, maxLabel);
  layout.queryLabels = QRectF(area.left(), area.top(), queryWidth, area.height());
  layout.keyLabels = QRectF(area.right() - keyWidth, area.top(), keyWidth, area.height());
  layout.queryAnchorX = layout.queryLabels.right() + kAnchorGap;
  layout.keyAnchorX = layout.keyLabels.left() - kAnchorGap;
  return layout;
}

}  // namespace ui
