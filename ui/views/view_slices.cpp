#include "view_slices.h"

#include <algorithm>
#include <thread>

#include "thumbnails.h"

namespace ui {

ViewSlices buildViewSlices(const Analysis &analysis, const LayerStep &step, const SliceOptions &options,
                           int thumbnailSide) {
  ViewSlices slices;
  slices.weights = makeSlice(analysis, step, options);
  for (int head = 0; head < slices.weights.headCount(); ++head) {
    slices.thumbnails.push_back(headThumbnail(slices.weights, head, false, false, thumbnailSide));
  }
  return slices;
}

ViewSlices buildLongViewSlices(const std::shared_ptr<const Analysis> &analysis, const LayerStep &step,
                               const SliceOptions &options, int thumbnailSide, const LongTextViews &longText) {
  if (options.methodTrace != nullptr || longText.lineKeys <= 0) {
    return buildViewSlices(*analysis, step, options, thumbnailSide);
  }
  // The kept head first: its slice carries the tokens, mask and labels every head shares.
  SliceOptions kept = options;
  kept.onlyHead = std::max(longText.keepHead, 0);
  ViewSlices slices;
  slices.weights = makeSlice(*analysis, step, kept);
  AttentionSlice &weights = slices.weights;
  if (weights.empty() || weights.cols() <= longText.linesFrom || kept.onlyHead >= weights.headCount()) {
    return buildViewSlices(*analysis, step, options, thumbnailSide);  // short enough to keep every matrix
  }
  const auto masked = [&weights](int query, int key) { return weights.isMasked(query, key); };
  for (int head = 0; head < weights.headCount(); ++head) {
    const std::size_t h = static_cast<std::size_t>(head);
    if (head == kept.onlyHead) {
      slices.thumbnails.push_back(headThumbnail(weights, head, false, false, thumbnailSide));
      weights.lines.push_back(headLines(weights.heads[h], longText.lineKeys, longText.topP, masked));
      continue;
    }
    // one more α̂, made into what the views draw of it, then dropped
    SliceOptions one = options;
    one.onlyHead = head;
    const AttentionSlice other = makeSlice(*analysis, step, one);
    slices.thumbnails.push_back(headThumbnail(other, head, false, false, thumbnailSide));
    weights.lines.push_back(headLines(other.heads[h], longText.lineKeys, longText.topP, masked));
    weights.sinkShare[h] = other.sinkShare[h];
  }
  weights.recompute = [analysis, step, options](int head) {
    SliceOptions one = options;
    one.onlyHead = head;
    return std::move(makeSlice(*analysis, step, one).heads[static_cast<std::size_t>(head)]);
  };
  return slices;
}

ViewSlices refocusViewSlices(const ViewSlices &slices, int head) {
  ViewSlices next = slices;
  AttentionSlice &weights = next.weights;
  if (weights.lines.empty() || !weights.recompute || head < 0 || head >= weights.headCount() || weights.hasMatrix(head)) {
    return next;
  }
  for (core::RowMatrix &matrix : weights.heads) matrix = core::RowMatrix();  // the head kept before
  weights.heads[static_cast<std::size_t>(head)] = weights.recompute(head);
  weights.builtOn = std::this_thread::get_id();
  return next;
}

}  // namespace ui
