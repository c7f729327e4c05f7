#pragma once
// Normalisation of each row (one token) over its d values: LayerNorm or RMSNorm (NormSpec).
// Unlike batch norm it needs no batch.

#include "nn/block_spec.h"
#include "nn/weights.h"
#include "tensor/tensor.h"

namespace core {

// x: (T, d) → (T, d), per row:
//   LayerNorm: y = (x − mean) / sqrt(var + eps) · γ + β
//   RMSNorm:   y = x / sqrt(mean(x²) + eps) · γ        (Gemma: · (1 + γ))
RowMatrix normalize(const Eigen::Ref<const RowMatrix>& x, const NormWeights& weights, const NormSpec& spec);

// The same, in place (Add & Norm normalises the sum it has just formed, with no copy).
void normalize_in_place(Eigen::Ref<RowMatrix> x, const NormWeights& weights, const NormSpec& spec);

}  // namespace core
