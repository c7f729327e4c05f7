#include "nn/norm.h"

#include <cmath>

#include "tensor/kernels.h"
#include "tensor/memory_reuse.h"

namespace core {

namespace {

// One row; x and y may be the same row.
template <typename In, typename Out>
void normalize_row(const In& x, Out&& y, const NormWeights& weights, const NormSpec& spec) {
  const float d = static_cast<float>(x.size());
  if (spec.kind == NormKind::LayerNorm) {
    // y = (x − mean) / sqrt(var + eps) · γ + β, by the active kernel set
    active_kernels().layer_norm_row(x.data(), x.size(), weights.gamma.data,
                                    weights.beta.empty() ? nullptr : weights.beta.data, spec.eps, y.data());
    return;
  }
  const VectorView gamma = weights.gamma.view();
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
  RowMatrix y = large_matrix(x.rows(), x.cols());
  for (Eigen::Index t = 0; t < x.rows(); ++t) normalize_row(x.row(t), y.row(t), weights, spec);
  return y;
}

void normalize_in_place(Eigen::Ref<RowMatrix> x, const NormWeights& weights, const NormSpec& spec) {
  for (Eigen::Index t = 0; t < x.rows(); ++t) normalize_row(x.row(t), x.row(t), weights, spec);
}

}  // namespace core
