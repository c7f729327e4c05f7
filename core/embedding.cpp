#include "embedding.h"

#include <cmath>

#include "layer_norm.h"

namespace core {

RowMatrix embed(std::span<const int> ids, const EmbeddingWeights& weights, const ModelConfig& config,
                bool positional_encoding) {
  const auto length = static_cast<Eigen::Index>(ids.size());
  const MatrixView tokens = weights.tokens.view();
  const float scale = config.scale_embedding ? std::sqrt(static_cast<float>(config.d_model)) : 1.0f;

  RowMatrix a(length, config.d_model);
  for (Eigen::Index i = 0; i < length; ++i) a.row(i) = tokens.row(ids[i]) * scale;

  // a^i + e^i: the position term the "天涯若比鄰" demo switches off.
  if (positional_encoding && !weights.positions.empty()) {
    a += weights.positions.view().middleRows(config.position_offset, length);
  }
  if (!weights.token_type.empty()) a.rowwise() += weights.token_type.view();
  if (weights.norm) return layer_norm(a, *weights.norm, config.layer_norm_eps);
  return a;
}

}  // namespace core
