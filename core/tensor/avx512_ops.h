#pragma once
// AVX-512 building blocks shared by kernels_avx512.cpp and kernels_avx512bf16.cpp: the register
// traits dot_gemm.h needs, the dot policies for float32 and 16-bit weights, a vector exp, and the
// row softmax. Included inside each unit's anonymous namespace (see kernels.h on why).
// Requires before inclusion: <immintrin.h>, <cstdint>, "tensor/kernels.h", "tensor/dot_gemm.h".

struct Avx512 {
  using Acc = __m512;
  // 5 × 5 = 25 accumulators plus 5 A registers and 1 B register use 31 of AVX-512's 32; each step
  // loads 10 registers for 25 FMAs. On BERT-base's shapes (Zen 5) it beat 4 × 6, 6 × 4, 3 × 8 and
  // 2 × 12 by 10–25 %.
  static constexpr int tile_rows = 5;
  static constexpr int tile_cols = 5;
  static Acc zero() { return _mm512_setzero_ps(); }
  // {Σa, Σb, Σc, Σd}: 16 lanes → 8 (the two halves added), then three horizontal adds.
  static void reduce4(__m512 a, __m512 b, __m512 c, __m512 d, float* out) {
    const auto half = [](__m512 x) {
      return _mm256_add_ps(_mm512_castps512_ps256(x), _mm512_extractf32x8_ps(x, 1));
    };
    const __m256 ab = _mm256_hadd_ps(half(a), half(b));
    const __m256 cd = _mm256_hadd_ps(half(c), half(d));
    const __m256 abcd = _mm256_hadd_ps(ab, cd);
    _mm_storeu_ps(out, _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1)));
  }
};

inline __m512 widen_bf16(__m256i bits) {
  // bfloat16 is the top half of a float32: shift each value into the high 16 bits.
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(bits), 16));
}

// float32 activations × float32 weights.
struct DotF32 {
  using In = float;
  using W = float;
  using AReg = __m512;
  using BReg = __m512;
  static constexpr int step = 16;
  static AReg load_a(const float* a) { return _mm512_loadu_ps(a); }
  static BReg load_b(const float* b) { return _mm512_loadu_ps(b); }
  static __m512 madd(__m512 acc, __m512 a, __m512 b) { return _mm512_fmadd_ps(a, b, acc); }
  static float value_a(float a) { return a; }
  static float value_b(float b) { return b; }
};

// float32 activations × bfloat16 weights, widened exactly: the same products as a float32 copy.
struct DotBf16Weights : DotF32 {
  using W = std::uint16_t;
  static BReg load_b(const std::uint16_t* b) {
    return widen_bf16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(b)));
  }
  static float value_b(std::uint16_t b) { return dot_gemm::bf16_value(b); }
};

// float32 activations × float16 weights, widened exactly (vcvtph2ps).
struct DotF16Weights : DotF32 {
  using W = std::uint16_t;
  static BReg load_b(const std::uint16_t* b) {
    return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(b)));
  }
  static float value_b(std::uint16_t b) { return dot_gemm::f16_value(b); }
};

// bfloat16 × bfloat16 on a CPU without vdpbf16ps: both widened, float32 FMAs. Each product of two
// bfloat16 values is exact in float32, so this differs from vdpbf16ps only in summation order.
struct DotBf16Widened : DotBf16Weights {
  using In = std::uint16_t;
  static AReg load_a(const std::uint16_t* a) {
    return widen_bf16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(a)));
  }
  static float value_a(std::uint16_t a) { return dot_gemm::bf16_value(a); }
};

// e^x for every lane, within 2 ulp: x = n ln 2 + r with |r| ≤ ½ ln 2, e^r from the degree-7
// polynomial of the Cephes library's expf, then scaled by 2^n (vscalefps). Inputs below −87.3 give
// a tiny positive number, not 0: callers clear masked lanes themselves.
inline __m512 exp512(__m512 x) {
  x = _mm512_max_ps(_mm512_min_ps(x, _mm512_set1_ps(88.3762626647949f)), _mm512_set1_ps(-87.3365478515625f));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  // r = x − n ln 2, with ln 2 split in two so n · ln2_hi is exact
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  // e^r ≈ 1 + r + r² p
  const __m512 e_r = _mm512_add_ps(_mm512_fmadd_ps(_mm512_mul_ps(r, r), p, r), _mm512_set1_ps(1.0f));
  return _mm512_scalef_ps(e_r, n);
}

// α̂_j = exp(α_j − max) / Σ exp(α_k − max); masked (−∞) entries exactly 0. The last n % 16 entries go
// through the same vector exp (masked lanes): with a scalar exp for them a score's weight would
// depend on where in the row it sits, and reordering the tokens (the permutation demo) would change
// weights by more than rounding.
inline void softmax_row_avx512(float* row, core::KernelIndex n) {
  const __m512 minus_infinity = _mm512_set1_ps(-__builtin_inff());
  const auto tail_mask = [n](core::KernelIndex j) {
    const core::KernelIndex left = n - j;
    return left >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u);
  };
  __m512 maximum = minus_infinity;
  for (core::KernelIndex j = 0; j < n; j += 16) {
    maximum = _mm512_max_ps(maximum, _mm512_mask_loadu_ps(minus_infinity, tail_mask(j), row + j));
  }
  const float row_max = _mm512_reduce_max_ps(maximum);
  if (row_max == -__builtin_inff()) {
    // Nothing to attend to: exp(−∞ − −∞) would be NaN, so the weights are all zero.
    for (core::KernelIndex j = 0; j < n; ++j) row[j] = 0.0f;
    return;
  }
  const __m512 shift = _mm512_set1_ps(row_max);
  __m512 sum = _mm512_setzero_ps();
  for (core::KernelIndex j = 0; j < n; j += 16) {
    const __mmask16 mask = tail_mask(j);
    const __m512 x = _mm512_mask_loadu_ps(minus_infinity, mask, row + j);
    const __mmask16 open = _mm512_cmp_ps_mask(x, minus_infinity, _CMP_NEQ_OQ);
    const __m512 e = _mm512_maskz_mov_ps(open, exp512(_mm512_sub_ps(x, shift)));
    _mm512_mask_storeu_ps(row + j, mask, e);
    sum = _mm512_add_ps(sum, e);
  }
  const __m512 total = _mm512_set1_ps(_mm512_reduce_add_ps(sum));
  for (core::KernelIndex j = 0; j < n; j += 16) {
    const __mmask16 mask = tail_mask(j);
    _mm512_mask_storeu_ps(row + j, mask, _mm512_div_ps(_mm512_maskz_loadu_ps(mask, row + j), total));
  }
}
