#pragma once
// Input embedding: a^i = W x^i (a row of the token table), plus the position vector e^i
// ("天涯若比鄰": attention alone ignores order), optionally scaled, given a token type and normalised.

#include <span>

#include "nn/stack_spec.h"
#include "nn/weights.h"
#include "tensor/tensor.h"

namespace core {

// ids: T token ids (already checked against the table) → (T, d_model):
//   scale · E[id_i] + e^{i + offset} (+ token type 0), then the embedding norm when the model has one.
// With positional_encoding false the position term is zero and everything else unchanged.
RowMatrix embed(std::span<const int> ids, const EmbeddingWeights& weights, const EmbeddingSpec& spec,
                bool positional_encoding);

}  // namespace core
