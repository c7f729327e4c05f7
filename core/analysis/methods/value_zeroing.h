#pragma once
// Value zeroing (Mohebbi et al. 2023, "Quantifying Context Mixing in Transformers"): how much
// the attention block's output for query i changes when key j's value vector is zeroed in every
// head of the layer, normalised per row. With c_{i,j} and b^i of analysis/methods/value_contributions.h:
//   b^{i,¬j}  = b^i − c_{i,j}                          (b^i recomputed with v^j = 0 in all heads)
//   d_{i,j}   = 1 − cos(b^i, b^{i,¬j})                 (cosine distance; 0 for a key that sends
//                                                        nothing; 1 when b^{i,¬j} = 0, the whole
//                                                        output gone: query 0 of a causal layer
//                                                        without b^O)
//   VZ_{i,j}  = d_{i,j} / Σ_{j'} d_{i,j'}              (each row sums to 1; an all-zero row stays 0)
// One matrix per LAYER, not per head: zeroing a value vector acts on all heads at once.
// The paper measures the whole encoder layer's output (after the residual, the norms and the
// feed-forward network); this measures the attention block's own output b^i (after W^O, with b^O,
// before the residual), so the score isolates the mixing done by attention. docs/methods.md.

#include "analysis/methods/method_options.h"
#include "model/model.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace core {

// Every kind and chosen layer of the model: one (T_q, T_k) matrix per layer (heads.size() == 1);
// layers not chosen keep no heads; rows not in options.queries stay 0. result: a pass that
// recorded the chosen layers (analysis/methods/recorded_pass.h; their per-head matrices are not
// needed: α̂ of the chosen queries is read from result.trace, dense or on demand, so a sample of
// queries at thousands of tokens computes only the 64-row blocks holding them). Throws core::InputError for a
// layer or query that does not exist or was not recorded, core::Cancelled when progress says stop.
AttentionTrace value_zeroing(const Model& model, const ForwardResult& result, Precision precision,
                             const MethodOptions& options = {});

}  // namespace core
