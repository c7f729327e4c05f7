#pragma once
// Attention flow (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers"): the layers
// of one self-attention stack as a graph, and how much can flow from each input token to each
// position after layer l when every edge carries at most its attention weight.
//   nodes    (m, p): position p after m layers (m = 0: the input tokens), m = 0 … l + 1
//   edges    (m, j) → (m + 1, i) with capacity Â_m(i, j), the rollout step of layer m:
//            Â = mean_h α̂^h, with the residual Â = ½ Â + ½ I, rows re-normalised (head_analysis.h)
//   F_l(i, j) = max-flow from (0, j) to (l + 1, i)
// Rollout multiplies the Â (every path counts); flow lets each path count only up to its narrowest
// edge, so one strong path cannot be counted twice. Max-flow by Edmonds–Karp (max_flow.h).
// Formulas: docs/methods.md.

#include <vector>

#include "analysis/methods/method_options.h"
#include "model/trace.h"

namespace core {

// layers: one stack's self-attention, in order (LayerAttention::heads: α̂ per head, (T, T)).
// Returns F_l for every layer l: (T, T), row i = position i, column j = input token j; layers not
// in options.layers are empty matrices; rows not in options.queries stay 0. Throws
// core::InputError for a layer or query the stack lacks, or a layer whose attention is not square
// (cross-attention has no flow of its own); core::Cancelled when options.progress says stop.
std::vector<RowMatrix> attention_flow(const std::vector<LayerAttention>& layers, const MethodOptions& options = {},
                                      bool add_residual = true, const char* kind_name = "self");

// The same from any trace (dense or on demand: model/trace.h): each layer's Â is built one head at
// a time (analysis/methods/streamed_rollout.h), so an on-demand trace never holds more than one
// head's α̂ besides the Â of the layers up to the last one asked for. Equal to the overload above
// on the trace's dense layers, bit for bit. Progress: the first tenth for the Â, the rest for the flows.
std::vector<RowMatrix> attention_flow(const AttentionTrace& trace, AttentionKind kind, const MethodOptions& options = {},
                                      bool add_residual = true);

}  // namespace core
