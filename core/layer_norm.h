#pragma once
// Layer normalisation: each row (one token) to mean 0 and variance 1 over its d_model values,
// then the learned scale γ and shift β. Unlike batch norm it needs no batch.

#include "tensor.h"
#include "weights.h"

namespace core {

// x: (T, d) → (T, d):  y = (x - mean) / sqrt(var + eps) · γ + β, per row.
RowMatrix layer_norm(const Eigen::Ref<const RowMatrix>& x, const LayerNormWeights& weights, float eps);

// The same, in place (Add & Norm normalises the sum it has just formed, with no copy).
void layer_norm_in_place(Eigen::Ref<RowMatrix> x, const LayerNormWeights& weights, float eps);

}  // namespace core
