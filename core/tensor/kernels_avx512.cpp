// The AVX-512 kernel set (F, BW, DQ, VL, FMA, F16C). Compiled with those flags only; chosen at run
// time when the CPU has them (isa.cpp). Intrinsics only: see kernels.h.

#include <immintrin.h>

#include <cstdint>
#include <cstdlib>

#include "tensor/kernels.h"
#include "tensor/log_polynomial.h"
#include "tensor/row_sums.h"

namespace core {

namespace {

#include "tensor/dot_gemm.h"
#include "tensor/avx512_ops.h"
#include "tensor/packed_gemm.h"
#include "tensor/broadcast_gemm.h"

void gemm_f32(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda, const float* b,
              KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  // fewer than 8 rows: dot products in place; up to 63: weights broadcast in place, A transposed;
  // from 64 on (or when Aᵀ's buffer cannot be had): the packed panels
  if (m < packed_gemm::packed_from_rows) {
    dot_gemm::gemm<Avx512, DotF32>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    return;
  }
  if (m < broadcast_gemm::broadcast_below_rows && broadcast_gemm::gemm(m, n, k, a, lda, b, ldb, c, ldc, accumulate)) {
    return;
  }
  packed_gemm::gemm<DotF32>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_bf16_weights(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda,
                       const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  if (m >= packed_gemm::packed_from_rows) packed_gemm::gemm<DotBf16Weights>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  else dot_gemm::gemm<Avx512, DotBf16Weights>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_f16_weights(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda,
                      const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  if (m >= packed_gemm::packed_from_rows) packed_gemm::gemm<DotF16Weights>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  else dot_gemm::gemm<Avx512, DotF16Weights>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_bf16(KernelIndex m, KernelIndex n, KernelIndex k, const std::uint16_t* a, KernelIndex lda,
               const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  dot_gemm::gemm<Avx512, DotBf16Widened>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

// Round to nearest even on the bits: add 0x7FFF plus the lowest kept bit, keep the top half;
// a NaN keeps its top bits with the quiet bit set.
void round_to_bf16(const float* x, KernelIndex n, std::uint16_t* out) {
  KernelIndex i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512i bits = _mm512_castps_si512(_mm512_loadu_ps(x + i));
    const __m512i lowest_kept = _mm512_and_si512(_mm512_srli_epi32(bits, 16), _mm512_set1_epi32(1));
    __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(bits, _mm512_add_epi32(lowest_kept, _mm512_set1_epi32(0x7FFF))), 16);
    const __mmask16 nan = _mm512_cmp_ps_mask(_mm512_castsi512_ps(bits), _mm512_castsi512_ps(bits), _CMP_UNORD_Q);
    const __m512i quiet = _mm512_or_si512(_mm512_srli_epi32(bits, 16), _mm512_set1_epi32(0x40));
    rounded = _mm512_mask_mov_epi32(rounded, nan, quiet);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i), _mm512_cvtepi32_epi16(rounded));
  }
  for (; i < n; ++i) out[i] = dot_gemm::bf16_bits(x[i]);
}

}  // namespace

void avx512_attention_row_sums(const float* row, KernelIndex n, KernelIndex query, double* entropy, double* distance) {
  attention_row_sums_avx512(row, n, query, entropy, distance);
}

KernelSet avx512_kernel_set() {
  KernelSet set;
  set.isa = Isa::Avx512;
  set.gemm_f32 = gemm_f32;
  set.gemm_bf16_weights = gemm_bf16_weights;
  set.gemm_f16_weights = gemm_f16_weights;
  set.gemm_bf16 = gemm_bf16;
  set.round_to_bf16 = round_to_bf16;
  set.softmax_row = softmax_row_avx512;
  // GELU and LayerNorm: the AVX2 unit's 8-lane versions (every AVX-512 CPU has AVX2); no 16-lane
  // versions yet.
  const KernelSet avx2 = avx2_kernel_set();
  set.gelu_erf_row = avx2.gelu_erf_row;
  set.layer_norm_row = avx2.layer_norm_row;
  return set;
}

}  // namespace core
