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
    thumbnail.toolTip = ThumbnailGrid::tr("Head %1 · %2\nClick to open it in the word graph and heatmap")
                            .arg(head + 1)
                            .arg(describeStep(slice.step));
    thumbnails.push_back(thumbnail);
  }
  return thumbnails;
}

}  // namespace ui
