#pragma once
// Input embedding: a^i = W x^i (a row of the token table), plus the position vector e^i
// ("天涯若比鄰": attention alone ignores order), optionally scaled, given a token type and normalised.

#include <span>

#include "nn/stack_spec.h"
#include "nn/weights.h"
#include "tensor/tensor.h"

namespace core {

// ids: T token ids (already checked against the table) → (T, d_model):
//   scale · E[id_i] + e^{first + i + offset} (+ T[type_i], the token type row: type 0 unless
//   token_types gives each token's, as a BERT text pair does), then the embedding norm when the model has one.
// With positional_encoding false the position term is zero and everything else unchanged.
// first_position: the position of ids[0] (0 for a whole sequence; the prefix length when
// generation with a key/value cache embeds only the new token).
RowMatrix embed(std::span<const int> ids, const EmbeddingWeights& weights, const EmbeddingSpec& spec,
                bool positional_encoding, int first_position = 0, std::span<const int> token_types = {});

}  // namespace core
