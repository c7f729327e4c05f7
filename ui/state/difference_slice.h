#pragma once
// One layer of a comparison (core::Comparison: two passes read alike, B − A over the entries
// they share) as every difference view draws it: the What If tab's DifferenceView and the Heads
// tab's ablation thumbnails. One function makes the slice, so both draw the same diverging scale
// (to the layer's largest |D|), the same caption ("B − A (edited − as typed)", the method and the
// reading in the title) and the same labels (the entry as B reads it, "A→B" where they differ).
//   D^{l,h}[m, n] = R_B^{l,h}[q_B(m), k_B(n)] − R_A^{l,h}[q_A(m), k_A(n)]
// (core/analysis/whatif/comparison.h; R: the method's matrix, read as words or with tokens hidden).

#include <QString>

#include "analysis/whatif/comparison.h"
#include "attention_slice.h"

namespace ui {

// The tokens the two passes read (A: before, B: after), not owned.
struct ComparedTokens {
  const core::Tokenization &sourceA;
  const core::Tokenization &targetA;
  const core::Tokenization &sourceB;
  const core::Tokenization &targetB;
};

// What both passes were read with: "Value zeroing · words: keys summed, queries averaged · each
// row's top-p keys (p = 0.9)" (translated); the What If tab's and the ablation's summaries.
QString comparisonReadingSummary(const core::Comparison &comparison);

// "B − A (b − a)", the caption of every difference slice (translated).
QString differenceCaption(const QString &aName, const QString &bName);

// Layer `layer` of kind's B − A. Empty when the comparison has no such layer (a kind the method
// does not cover: rollout and flow have no cross-attention) or no entry is in both passes.
AttentionSlice differenceSlice(const core::Comparison &comparison, const ComparedTokens &tokens,
                               core::AttentionKind kind, int layer, const QString &aName, const QString &bName);

// One pass's own matrices as read (A alone: b false; B alone: b true), with its own labels.
AttentionSlice passSlice(const core::Comparison &comparison, const ComparedTokens &tokens, bool b,
                         core::AttentionKind kind, int layer);

// Why kind has no difference under the comparison's method ("Rollout has no cross-attention
// matrices: …"); empty when it has one.
QString missingKindNote(const core::Comparison &comparison, core::AttentionKind kind);

}  // namespace ui
