#pragma once
// Turning attention slices into thumbnails: one per head, framed in the head's colour.

#include <vector>

#include <QVector>

#include "attention_slice.h"
#include "thumbnail_grid.h"

namespace ui {

// Every head of one layer; visible: the head chips' state; selected: the focused head.
QVector<Thumbnail> headThumbnails(const AttentionSlice &slice, const QVector<bool> &visible, int selected);

// One head's thumbnail. maxSide > 0 caps the image at maxSide pixels a side: past it each pixel is a
// tile of b × b cells coloured by its largest unmasked value (heatmap_tiles.h), b = ⌈max(T_q, T_k) /
// maxSide⌉, and a tile column is a sink column when any of its keys is. 0: one pixel per cell.
Thumbnail headThumbnail(const AttentionSlice &slice, int head, bool dimmed, bool selected, int maxSide = 0);
QImage thumbnailImage(const AttentionSlice &slice, int head, int maxSide);

}  // namespace ui
