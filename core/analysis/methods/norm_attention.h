#pragma once
// Norm-based attention (Kobayashi et al. 2020, "Attention is not only a weight"): how much of
// what query i receives comes from key j, measured as the length of the vector key j sends rather
// than the weight alone. With f^h(x_j) = v^{j,g} (W^O_h)ᵀ (analysis/methods/value_contributions.h):
//   per head:    N^h_{i,j} = ‖α̂^h_{i,j} f^h(x_j)‖ = α̂^h_{i,j} ‖f^h(x_j)‖
//   summed:      N_{i,j}   = ‖Σ_h α̂^h_{i,j} f^h(x_j)‖          (the layer's heads together)
// A key with a large weight but a short value vector counts for little. Not a distribution: rows
// do not sum to 1. Formulas: docs/methods.md.

#include "analysis/methods/method_options.h"
#include "model/model.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace core {

struct NormAttention {
  AttentionTrace per_head;  // N^h: every kind and layer, one (T_q, T_k) matrix per query head
  AttentionTrace summed;    // N: every kind and layer, one (T_q, T_k) matrix (heads.size() == 1)
};

// The norms of every attention kind the model has. Layers not in options.layers keep no heads;
// rows not in options.queries stay 0. result: a pass that recorded the chosen layers of every kind
// (recorded_pass, analysis/methods/recorded_pass.h, does so). Throws core::InputError for a
// layer or query that does not exist or was not recorded, core::Cancelled when options.progress
// says stop.
NormAttention norm_attention(const Model& model, const ForwardResult& result, Precision precision,
                             const MethodOptions& options = {});

}  // namespace core
