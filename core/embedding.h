#pragma once
// Input embedding: a^i = W x^i (a row of the token table), plus the position vector e^i
// ("天涯若比鄰": attention alone ignores order), optionally scaled and layer-normalised.

#include <span>

#include "model_config.h"
#include "tensor.h"
#include "weights.h"

namespace core {

// ids: T token ids (already checked against the table) → (T, d_model):
//   a^i · (sqrt(d_model) when scale_embedding) + e^i (+ token type 0), then LayerNorm when the model has one.
// With positional_encoding false the position term is zero and everything else unchanged.
RowMatrix embed(std::span<const int> ids, const EmbeddingWeights& weights, const ModelConfig& config,
                bool positional_encoding);

}  // namespace core
