#include "layer_norm.h"

namespace core {

RowMatrix layer_norm(const Eigen::Ref<const RowMatrix>& x, const LayerNormWeights& weights, float eps) {
  const Eigen::Index d = x.cols();
  RowMatrix y(x.rows(), d);
  const VectorView gamma = weights.gamma.view();
  const VectorView beta = weights.beta.view();
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    const float mean = x.row(t).mean();
    // Biased variance (divide by d), as LayerNorm defines it.
    const float variance = (x.row(t).array() - mean).square().sum() / static_cast<float>(d);
    const float inv_std = 1.0f / std::sqrt(variance + eps);
    y.row(t) = ((x.row(t).array() - mean) * inv_std * gamma.array() + beta.array()).matrix();
  }
  return y;
}

}  // namespace core
