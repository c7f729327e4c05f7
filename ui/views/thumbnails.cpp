#include "thumbnails.h"

#include <algorithm>

#include "colour_scales.h"
#include "heatmap_tiles.h"

namespace ui {

QImage thumbnailImage(const AttentionSlice &slice, int head, int maxSide) {
  const int side = std::max(slice.rows(), slice.cols());
  if (maxSide <= 0 || side <= maxSide) return matrixImage(slice, head);
  if (slice.empty() || head < 0 || head >= slice.headCount()) return {};
  // b = ⌈max(T_q, T_k) / maxSide⌉ cells a tile side, each tile its largest unmasked value
  const int block = (side + maxSide - 1) / maxSide;
  const HeatmapTiles tiles =
      aggregateTiles(slice, head, QRect(0, 0, slice.cols(), slice.rows()), block, TileAggregate::Max);
  QImage image(tiles.tileCols, tiles.tileRows, QImage::Format_RGB32);
  for (int tr = 0; tr < tiles.tileRows; ++tr) {
    auto *line = reinterpret_cast<QRgb *>(image.scanLine(tr));
    for (int tc = 0; tc < tiles.tileCols; ++tc) {
      line[tc] = tiles.isMasked(tr, tc) ? maskColour().rgb()
                                        : valueColour(tiles.value(tr, tc), slice.scale, slice.extent).rgb();
    }
  }
  return image;
}

Thumbnail headThumbnail(const AttentionSlice &slice, int head, bool dimmed, bool selected, int maxSide) {
  Thumbnail thumbnail;
  thumbnail.image = thumbnailImage(slice, head, maxSide);
  thumbnail.frame = headColour(head);
  thumbnail.selected = selected;
  thumbnail.dimmed = dimmed;
  thumbnail.builtOn = std::this_thread::get_id();
  thumbnail.toolTip = ThumbnailGrid::tr("Head %1 · %2").arg(head + 1).arg(describeStep(slice.step));
  // one mark per image column: a tile column is a sink when any of its keys is
  const int columns = thumbnail.image.width();
  if (columns > 0 && slice.cols() > 0) {
    thumbnail.sinkKeys = QVector<bool>(columns, false);
    for (int key = 0; key < slice.cols(); ++key) {
      if (slice.keys.tokens[key].sink) thumbnail.sinkKeys[static_cast<qsizetype>(key) * columns / slice.cols()] = true;
    }
  }
  if (static_cast<std::size_t>(head) < slice.sinkShare.size()) {
    thumbnail.toolTip += '\n' + ThumbnailGrid::tr("Sink share %1 (first and special tokens, marked above their column)")
                                    .arg(slice.sinkShare[static_cast<std::size_t>(head)], 0, 'f', 2);
  }
  if (slice.grouped()) {
    thumbnail.toolTip += '\n' + ThumbnailGrid::tr("Key/value head %1 of %2, shared with heads %3–%4")
                                    .arg(head / slice.groupSize() + 1)
                                    .arg(slice.kvHeads)
                                    .arg(head / slice.groupSize() * slice.groupSize() + 1)
                                    .arg((head / slice.groupSize() + 1) * slice.groupSize());
  }
  if (slice.window > 0) {
    thumbnail.toolTip += '\n' + ThumbnailGrid::tr("Sliding window %1: each query sees only the last %1 keys")
                                    .arg(slice.window);
  }
  thumbnail.toolTip += '\n' + ThumbnailGrid::tr("Click to open it in the word graph and heatmap");
  return thumbnail;
}

QVector<Thumbnail> headThumbnails(const AttentionSlice &slice, const QVector<bool> &visible, int selected) {
  QVector<Thumbnail> thumbnails;
  for (int head = 0; head < slice.headCount(); ++head) {
    thumbnails.push_back(headThumbnail(slice, head, head < visible.size() && !visible[head], head == selected));
  }
  return thumbnails;
}

}  // namespace ui
