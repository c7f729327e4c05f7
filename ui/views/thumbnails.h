#pragma once
// Turning attention slices into thumbnails: one per head, framed in the head's colour.

#include <vector>

#include <QVector>

#include "attention_slice.h"
#include "thumbnail_grid.h"

namespace ui {

// Every head of one layer; visible: the head chips' state; selected: the focused head.
QVector<Thumbnail> headThumbnails(const AttentionSlice &slice, const QVector<bool> &visible, int selected);

}  // namespace ui
