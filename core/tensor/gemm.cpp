#include "tensor/gemm.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace core {

void gemm_nt(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
             Eigen::Index ldb, float* c, Eigen::Index ldc, bool accumulate) {
  active_kernels().gemm_f32(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_nt(Eigen::Index m, const float* a, Eigen::Index lda, const WeightMatrix& w, float* c, Eigen::Index ldc,
             bool accumulate) {
  gemm_nt(active_kernels(), m, a, lda, w, c, ldc, accumulate);
}

void gemm_nt(const KernelSet& kernels, Eigen::Index m, const float* a, Eigen::Index lda, const WeightMatrix& w,
             float* c, Eigen::Index ldc, bool accumulate) {
  const Eigen::Index n = w.rows;
  const Eigen::Index k = w.cols;
  const auto* halves = static_cast<const std::uint16_t*>(w.data);
  if (w.dot == DotProduct::Bf16) {
    if (w.type != ScalarType::BF16) {
      throw std::logic_error(std::string("gemm_nt: a bfloat16 dot product needs a bfloat16 weight, not ") +
                             to_string(w.type));
    }
    // The activations rounded once per call: m × k values against m × n × k multiply-adds. The
    // buffers are written before they are read, so they are not zeroed first (a memset of them
    // took 9 % of a fast 512-token pass, perf).
    const auto values = static_cast<std::size_t>(m * k);
    const auto rounded = std::make_unique_for_overwrite<std::uint16_t[]>(values);
    for (Eigen::Index i = 0; i < m; ++i) kernels.round_to_bf16(a + i * lda, k, rounded.get() + i * k);
    if (kernels.bf16_dot_products) {
      kernels.gemm_bf16(m, n, k, rounded.get(), k, halves, k, c, ldc, accumulate);
      return;
    }
    // Where bfloat16 dot products are no faster (kernels.h), the same products as float32 FMAs:
    // the rounded activations widened back (exactly) times the widened weights.
    const auto widened = std::make_unique_for_overwrite<float[]>(values);
    for (std::size_t i = 0; i < values; ++i) widened[i] = bf16_to_float(rounded[i]);
    kernels.gemm_bf16_weights(m, n, k, widened.get(), k, halves, k, c, ldc, accumulate);
    return;
  }
  switch (w.type) {
    case ScalarType::F32:
      kernels.gemm_f32(m, n, k, a, lda, static_cast<const float*>(w.data), k, c, ldc, accumulate);
      return;
    case ScalarType::BF16:
      kernels.gemm_bf16_weights(m, n, k, a, lda, halves, k, c, ldc, accumulate);
      return;
    case ScalarType::F16:
      kernels.gemm_f16_weights(m, n, k, a, lda, halves, k, c, ldc, accumulate);
      return;
  }
}

}  // namespace core
