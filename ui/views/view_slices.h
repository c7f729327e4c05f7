#pragma once
// What the Attention tab's views draw for one layer step, built together: the slice the word graph
// and the heatmap share, and the small multiples' thumbnails. The window builds them on the
// JobRunner's Slices lane, for a dense trace as for a long input (an on-demand trace: every head's
// α̂ recomputed), and only draws what arrives; a newer request
// drops the older result (JobRunner's latest-only lanes), and a result for a step, text or method
// no longer on show is never drawn.

#include <memory>

#include <QString>
#include <QVector>

#include "attention_slice.h"
#include "thumbnail_grid.h"

namespace ui {

struct ViewSlices {
  AttentionSlice weights;          // the word graph's and the heatmap's
  QVector<Thumbnail> thumbnails;   // every head of weights, neither selected nor dimmed yet
};

// options as for makeSlice; thumbnailSide as headThumbnail's maxSide.
ViewSlices buildViewSlices(const Analysis &analysis, const LayerStep &step, const SliceOptions &options,
                           int thumbnailSide);

// What a long text's views draw of each head besides the heatmap's (issue 15: 32 heads × 4096²
// floats are 2 GiB a layer). Past linesFrom keys the word graph draws each query's lineKeys
// heaviest keys per head, so only those are kept (AttentionSlice::lines) and only keepHead's
// matrix stays; up to linesFrom keys every matrix is kept.
struct LongTextViews {
  int keepHead = 0;   // the head the heatmap draws
  int lineKeys = 0;   // WordGraphWidget::topKeys
  int linesFrom = 0;  // more keys than this: lines instead of matrices
  float topP = 0.0f;  // WordGraphWidget::topP: the lines are chosen within the top-p set
};

// The slices of raw α̂ of an on-demand trace, head by head: each head's α̂ is recomputed, turned
// into its thumbnail and its lines, and dropped unless it is keepHead, so at most two matrices are
// alive at once. With a method (options.methodTrace) or up to linesFrom keys it is
// buildViewSlices. The slice's recompute keeps analysis alive.
ViewSlices buildLongViewSlices(const std::shared_ptr<const Analysis> &analysis, const LayerStep &step,
                               const SliceOptions &options, int thumbnailSide, const LongTextViews &longText);

// The same slices with head's matrix instead of the one kept (AttentionSlice::recompute: one α̂);
// thumbnails and lines are the slices'. As they are when head's matrix is held or none was dropped.
ViewSlices refocusViewSlices(const ViewSlices &slices, int head);

}  // namespace ui
