#include "layer_norm.h"

#include <cmath>

namespace core {

namespace {

// One row: y = (x - mean) / sqrt(var + eps) · γ + β. x and y may be the same row.
template <typename In, typename Out>
void normalise_row(const In& x, Out&& y, const VectorView& gamma, const VectorView& beta, float eps) {
  const float mean = x.mean();
  // Biased variance (divide by d), as LayerNorm defines it.
  const float variance = (x.array() - mean).square().sum() / static_cast<float>(x.size());
  const float inv_std = 1.0f / std::sqrt(variance + eps);
  y = ((x.array() - mean) * inv_std * gamma.array() + beta.array()).matrix();
}

}  // namespace

RowMatrix layer_norm(const Eigen::Ref<const RowMatrix>& x, const LayerNormWeights& weights, float eps) {
  RowMatrix y(x.rows(), x.cols());
  const VectorView gamma = weights.gamma.view();
  const VectorView beta = weights.beta.view();
  for (Eigen::Index t = 0; t < x.rows(); ++t) normalise_row(x.row(t), y.row(t), gamma, beta, eps);
  return y;
}

void layer_norm_in_place(Eigen::Ref<RowMatrix> x, const LayerNormWeights& weights, float eps) {
  const VectorView gamma = weights.gamma.view();
  const VectorView beta = weights.beta.view();
  for (Eigen::Index t = 0; t < x.rows(); ++t) normalise_row(x.row(t), x.row(t), gamma, beta, eps);
}

}  // namespace core
