// The AVX-512-BF16 kernel set: the AVX-512 set (kernels_avx512.cpp) with bfloat16 dot products
// (vdpbf16ps: 32 products per instruction into 16 float32 sums, twice the float32 FMA rate) and
// hardware rounding to bfloat16 (vcvtneps2bf16). Intrinsics only: see kernels.h.

#include <immintrin.h>

#include <cstdint>

#include "tensor/kernels.h"

namespace core {

namespace {

#include "tensor/dot_gemm.h"
#include "tensor/avx512_ops.h"

// bfloat16 × bfloat16: each step multiplies 32 values of k pairwise into 16 float32 sums.
struct DotBf16 {
  using In = std::uint16_t;
  using W = std::uint16_t;
  using AReg = __m512bh;
  using BReg = __m512bh;
  static constexpr int step = 32;
  static __m512bh load(const std::uint16_t* x) { return (__m512bh)_mm512_loadu_si512(x); }
  static AReg load_a(const std::uint16_t* a) { return load(a); }
  static BReg load_b(const std::uint16_t* b) { return load(b); }
  static __m512 madd(__m512 acc, __m512bh a, __m512bh b) { return _mm512_dpbf16_ps(acc, a, b); }
  static float value_a(std::uint16_t a) { return dot_gemm::bf16_value(a); }
  static float value_b(std::uint16_t b) { return dot_gemm::bf16_value(b); }
};

void gemm_bf16(KernelIndex m, KernelIndex n, KernelIndex k, const std::uint16_t* a, KernelIndex lda,
               const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  dot_gemm::gemm<Avx512, DotBf16>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

// vcvtneps2bf16 rounds to nearest even, as float_to_bf16 does (a NaN stays a quiet NaN).
void round_to_bf16(const float* x, KernelIndex n, std::uint16_t* out) {
  for (KernelIndex i = 0; i < n; i += 16) {
    const KernelIndex left = n - i;
    const __mmask16 mask = left >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u);
    const __m256bh rounded = _mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(mask, x + i));
    _mm256_mask_storeu_epi16(out + i, mask, (__m256i)rounded);
  }
}

}  // namespace

KernelSet avx512bf16_kernel_set() {
  KernelSet set = avx512_kernel_set();
  set.isa = Isa::Avx512Bf16;
  set.gemm_bf16 = gemm_bf16;
  set.round_to_bf16 = round_to_bf16;
  return set;
}

}  // namespace core
