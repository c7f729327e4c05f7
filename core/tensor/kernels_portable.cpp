// The portable kernel set: plain C++ and Eigen at whatever the build targets (the x86-64-v2
// baseline, or any other architecture). Also the reference the x86 sets are tested against.

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <vector>

#include "tensor/kernels.h"
#include "tensor/scalar_types.h"

namespace core {

namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Stride = Eigen::OuterStride<>;
using ConstMap = Eigen::Map<const RowMajor, 0, Stride>;

void gemm_f32(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda, const float* b,
              KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  // Eigen's product packs both operands into its own register kernel.
  const ConstMap a_map(a, m, k, Stride(lda));
  const ConstMap b_map(b, n, k, Stride(ldb));
  Eigen::Map<RowMajor, 0, Stride> c_map(c, m, n, Stride(ldc));
  if (accumulate) c_map.noalias() += a_map * b_map.transpose();
  else c_map.noalias() = a_map * b_map.transpose();
}

// Widens `rows` rows of B (64 at a time) to float32 and multiplies them with gemm_f32.
template <typename Convert>
void gemm_widened(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda, const std::uint16_t* b,
                  KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate, Convert convert) {
  constexpr KernelIndex block = 64;
  std::vector<float> widened(static_cast<std::size_t>(block * std::max<KernelIndex>(k, 1)));
  for (KernelIndex j0 = 0; j0 < n; j0 += block) {
    const KernelIndex rows = std::min(block, n - j0);
    for (KernelIndex j = 0; j < rows; ++j) {
      for (KernelIndex p = 0; p < k; ++p) widened[static_cast<std::size_t>(j * k + p)] = convert(b[(j0 + j) * ldb + p]);
    }
    gemm_f32(m, rows, k, a, lda, widened.data(), k, c + j0, ldc, accumulate);
  }
}

void gemm_bf16_weights(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda,
                       const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  gemm_widened(m, n, k, a, lda, b, ldb, c, ldc, accumulate, bf16_to_float);
}

void gemm_f16_weights(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda,
                      const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  gemm_widened(m, n, k, a, lda, b, ldb, c, ldc, accumulate, f16_to_float);
}

void gemm_bf16(KernelIndex m, KernelIndex n, KernelIndex k, const std::uint16_t* a, KernelIndex lda,
               const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  // Every product of two bfloat16 values is exact in float32: widen A, then multiply as above.
  std::vector<float> a_wide(static_cast<std::size_t>(m * k));
  for (KernelIndex i = 0; i < m; ++i) {
    for (KernelIndex p = 0; p < k; ++p) a_wide[static_cast<std::size_t>(i * k + p)] = bf16_to_float(a[i * lda + p]);
  }
  gemm_bf16_weights(m, n, k, a_wide.data(), k, b, ldb, c, ldc, accumulate);
}

void round_to_bf16(const float* x, KernelIndex n, std::uint16_t* out) {
  for (KernelIndex i = 0; i < n; ++i) out[i] = float_to_bf16(x[i]);
}

// Written with Eigen's packets because the obvious select() expression evaluates one scalar
// std::exp at a time. The last entries go through the same packet exp, padded with masked lanes:
// with std::exp for them, a score's weight would depend on where in the row it sits, and
// reordering the tokens (the permutation demo) would change weights by more than rounding.
void softmax_row(float* row, KernelIndex width) {
  using Packet = Eigen::internal::packet_traits<float>::type;
  using namespace Eigen::internal;
  constexpr KernelIndex lanes = packet_traits<float>::size;
  constexpr float minus_infinity = -std::numeric_limits<float>::infinity();
  const float row_max = width > 0 ? *std::max_element(row, row + width) : minus_infinity;
  if (row_max == minus_infinity) {
    // Nothing to attend to: exp(-inf - -inf) would be NaN, so the weights are all zero.
    std::fill(row, row + width, 0.0f);
    return;
  }
  // Masked entries are set to 0 exactly: Eigen's packet exp clamps its input (SSE: to -88.7), so
  // exp(-inf) alone could be 2.9e-39.
  const Packet masked = pset1<Packet>(minus_infinity);
  const Packet shift = pset1<Packet>(row_max);
  const auto exp_shifted = [&](const Packet& x) { return pandnot(pexp(psub(x, shift)), pcmp_eq(x, masked)); };
  Packet packet_sum = pset1<Packet>(0.0f);
  KernelIndex j = 0;
  for (; j + lanes <= width; j += lanes) {
    const Packet e = exp_shifted(ploadu<Packet>(row + j));
    pstoreu(row + j, e);
    packet_sum = padd(packet_sum, e);
  }
  if (j < width) {
    alignas(64) float tail[lanes];
    std::fill(std::begin(tail), std::end(tail), minus_infinity);
    std::copy(row + j, row + width, tail);
    const Packet e = exp_shifted(pload<Packet>(tail));
    pstore(tail, e);
    packet_sum = padd(packet_sum, e);
    std::copy(tail, tail + (width - j), row + j);
  }
  const float total = predux(packet_sum);
  for (KernelIndex i = 0; i < width; ++i) row[i] /= total;
}

using RowArray = Eigen::Array<float, 1, Eigen::Dynamic>;

void gelu_erf_row(float* x, KernelIndex n) {
  Eigen::Map<RowArray> a(x, n);
  // GELU(x) = x Φ(x) = x · ½ (1 + erf(x / √2)); Eigen's erf (a rational approximation) is vectorised.
  a = 0.5f * a * (1.0f + (a * static_cast<float>(M_SQRT1_2)).erf());
}

void layer_norm_row(const float* x_in, KernelIndex d, const float* gamma_in, const float* beta_in, float eps,
                    float* y_out) {
  const Eigen::Map<const RowArray> x(x_in, d);
  const Eigen::Map<const RowArray> gamma(gamma_in, d);
  Eigen::Map<RowArray> y(y_out, d);
  const float mean = x.mean();
  // Biased variance (divide by d), as LayerNorm defines it.
  const float variance = (x - mean).square().sum() / static_cast<float>(d);
  const float inv_std = 1.0f / std::sqrt(variance + eps);
  // y = (x − mean) / sqrt(var + eps) · γ + β
  if (beta_in == nullptr) {
    y = (x - mean) * inv_std * gamma;
  } else {
    y = (x - mean) * inv_std * gamma + Eigen::Map<const RowArray>(beta_in, d);
  }
}

}  // namespace

KernelSet portable_kernel_set() {
  KernelSet set;
  set.isa = Isa::Portable;
  set.gemm_f32 = gemm_f32;
  set.gemm_bf16_weights = gemm_bf16_weights;
  set.gemm_f16_weights = gemm_f16_weights;
  set.gemm_bf16 = gemm_bf16;
  set.round_to_bf16 = round_to_bf16;
  set.softmax_row = softmax_row;
  set.gelu_erf_row = gelu_erf_row;
  set.layer_norm_row = layer_norm_row;
  return set;
}

}  // namespace core
