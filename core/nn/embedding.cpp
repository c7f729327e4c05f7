#include "nn/embedding.h"

#include "nn/norm.h"
#include "tensor/memory_reuse.h"

namespace core {

RowMatrix embed(std::span<const int> ids, const EmbeddingWeights& weights, const EmbeddingSpec& spec,
                bool positional_encoding, int first_position, std::span<const int> token_types) {
  const auto length = static_cast<Eigen::Index>(ids.size());
  const WeightMatrix& tokens = weights.tokens;

  // a^i = scale · E[id_i]  (the row widened from the table's stored type)
  RowMatrix a = large_matrix(length, tokens.cols);
  for (Eigen::Index i = 0; i < length; ++i) a.row(i) = tokens.rows_f32(ids[i], 1) * spec.scale;

  // a^i + e^i: the position term the "天涯若比鄰" demo switches off.
  if (positional_encoding && !weights.positions.empty()) {
    a += weights.positions.rows_f32(spec.position_offset + first_position, length);
  }
  // + T[type_i]: every token's type 0 row, or each token's own row (a text pair's types, checked
  // against the table by check_forward_inputs)
  if (!token_types.empty() && !weights.token_types.empty()) {
    for (Eigen::Index i = 0; i < length; ++i) a.row(i) += weights.token_types.rows_f32(token_types[i], 1);
  } else if (!weights.token_type.empty()) {
    a.rowwise() += weights.token_type.view();
  }
  if (spec.norm) normalize_in_place(a, weights.norm, spec.norm_spec);
  return a;
}

}  // namespace core
