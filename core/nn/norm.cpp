#include "nn/norm.h"

#include <cmath>

namespace core {

namespace {

// One row; x and y may be the same row.
template <typename In, typename Out>
void normalize_row(const In& x, Out&& y, const NormWeights& weights, const NormSpec& spec) {
  const float d = static_cast<float>(x.size());
  const VectorView gamma = weights.gamma.view();
  if (spec.kind == NormKind::LayerNorm) {
    const float mean = x.mean();
    // Biased variance (divide by d), as LayerNorm defines it.
    const float variance = (x.array() - mean).square().sum() / d;
    const float inv_std = 1.0f / std::sqrt(variance + spec.eps);
    // y = (x − mean) / sqrt(var + eps) · γ + β
    if (weights.beta.empty()) {
      y = ((x.array() - mean) * inv_std * gamma.array()).matrix();
    } else {
      y = ((x.array() - mean) * inv_std * gamma.array() + weights.beta.view().array()).matrix();
    }
    return;
  }
  // y = x / sqrt(mean(x²) + eps) · γ   (Gemma: · (1 + γ))
  const float inv_rms = 1.0f / std::sqrt(x.squaredNorm() / d + spec.eps);
  if (spec.unit_offset) {
    y = (x.array() * inv_rms * (1.0f + gamma.array())).matrix();
  } else {
    y = (x.array() * inv_rms * gamma.array()).matrix();
  }
}

}  // namespace

RowMatrix normalize(const Eigen::Ref<const RowMatrix>& x, const NormWeights& weights, const NormSpec& spec) {
  RowMatrix y(x.rows(), x.cols());
  for (Eigen::Index t = 0; t < x.rows(); ++t) normalize_row(x.row(t), y.row(t), weights, spec);
  return y;
}

void normalize_in_place(Eigen::Ref<RowMatrix> x, const NormWeights& weights, const NormSpec& spec) {
  for (Eigen::Index t = 0; t < x.rows(); ++t) normalize_row(x.row(t), x.row(t), weights, spec);
}

}  // namespace core
