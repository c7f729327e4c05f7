#pragma once
// Position-wise feed-forward network: FFN(x) = act(x W1ᵀ + b1) W2ᵀ + b2, the same for every token.

#include "model_config.h"
#include "tensor.h"
#include "weights.h"

namespace core {

// y = x Wᵀ + b for a checkpoint's [out, in] weight; x: (T, in) → (T, out).
RowMatrix linear(const Eigen::Ref<const RowMatrix>& x, const LinearWeights& weights);

// In place: relu, exact erf GELU, tanh-approximated GELU, or SiLU x·σ(x).
void activate(RowMatrix& x, Activation activation);

// x: (T, d_model) → (T, d_model).
RowMatrix feed_forward(const Eigen::Ref<const RowMatrix>& x, const FeedForwardWeights& weights,
                       Activation activation);

}  // namespace core
