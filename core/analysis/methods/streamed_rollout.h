#pragma once
// Rollout's layer graph Â and rollout itself read from any trace (model/trace.h), one head at a
// time: an on-demand trace at thousands of tokens never holds more than one head's α̂ and the sum.
//   Â_l = mean_h α̂_l^h, with the residual ½ Â_l + ½ I, rows re-normalised  (head_analysis.h)
//   (the mean over the heads S of MethodOptions::heads when given: (1/|S|) Σ_{h ∈ S} α̂_l^h)
//   R_l = Â_l R_{l−1}, R_0 = Â_0
// A dense trace gives the same bits as rollout_layer_graph / attention_rollout over its stored
// layers; an on-demand trace gives the same bits as the dense trace of the same pass, since each
// recomputed α̂ is the pass's own (nn/attention_rows.h).

#include <string>
#include <vector>

#include "analysis/methods/method_options.h"
#include "model/trace.h"

namespace core {

// Â of one layer: (T_q, T_k), every head (or options.heads) streamed in head order. Empty for a
// layer without heads.
// what names the method for progress and cancelling; progress runs from `from` to `to` over the heads.
// Throws core::InputError for a layer or head that does not exist, core::Cancelled when
// options.progress says stop.
RowMatrix streamed_layer_graph(const AttentionTrace& trace, AttentionKind kind, int layer, bool add_residual,
                               const MethodOptions& options = {}, double from = 0.0, double to = 1.0,
                               const std::string& what = "rollout");

// R_l of every layer of one kind (self-attention: (T, T) each); empty when the trace has none.
// Progress: one step per head of every layer.
std::vector<RowMatrix> streamed_rollout(const AttentionTrace& trace, AttentionKind kind, bool add_residual = true,
                                        const MethodOptions& options = {});

}  // namespace core
