#include "thumbnails.h"

#include "colour_scales.h"

namespace ui {

QVector<Thumbnail> headThumbnails(const AttentionSlice &slice, const QVector<bool> &visible, int selected) {
  QVector<Thumbnail> thumbnails;
  for (int head = 0; head < slice.headCount(); ++head) {
    Thumbnail thumbnail;
    thumbnail.image = matrixImage(slice, head);
    thumbnail.frame = headColour(head);
    thumbnail.selected = head == selected;
    thumbnail.dimmed = head < visible.size() && !visible[head];
    thumbnail.toolTip = ThumbnailGrid::tr("Head %1 · %2").arg(head + 1).arg(describeStep(slice.step));
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
    thumbnails.push_back(thumbnail);
  }
  return thumbnails;
}

}  // namespace ui
