#pragma once
// AVX-512 building blocks shared by kernels_avx512.cpp and kernels_avx512bf16.cpp: the register
// traits dot_gemm.h needs, the dot policies for float32 and 16-bit weights, a vector exp, and the
// row softmax. Included inside each unit's anonymous namespace (see kernels.h on why), after
// tensor/log_polynomial.h.
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

// ln x for every lane of a positive x, within a few ulp: x = 2^e m with m in [√½, √2) (vgetexpps and
// vgetmantps, which also read subnormals), ln x = e ln 2 + ln(1 + f) with f = m − 1 and
// ln(1 + f) ≈ f − f²/2 + f³ P(f), P the degree-8 polynomial of the Cephes library's logf; ln 2 is
// split in two as in exp512 (the constants: log_polynomial.h). Lanes holding 0 give −∞ or a large
// negative number: callers mask them.
inline __m512 log512(__m512 x) {
  __m512 m = _mm512_getmant_ps(x, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);  // [1, 2)
  __m512 e = _mm512_getexp_ps(x);                                           // ⌊log2 x⌋
  // m ≥ √2: use m/2 and e + 1, so f stays within [√½ − 1, √2 − 1)
  const __mmask16 upper = _mm512_cmp_ps_mask(m, _mm512_set1_ps(log_polynomial::sqrt_two), _CMP_GE_OQ);
  m = _mm512_mask_mul_ps(m, upper, m, _mm512_set1_ps(0.5f));
  e = _mm512_mask_add_ps(e, upper, e, _mm512_set1_ps(1.0f));
  const __m512 f = _mm512_sub_ps(m, _mm512_set1_ps(1.0f));
  const __m512 f2 = _mm512_mul_ps(f, f);
  __m512 p = _mm512_set1_ps(log_polynomial::coefficients[0]);
  for (int c = 1; c < 9; ++c) p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(log_polynomial::coefficients[c]));
  // y = f³ P(f) − f²/2 + e · ln2_lo, then ln x = f + y + e · ln2_hi
  __m512 y = _mm512_mul_ps(_mm512_mul_ps(f2, f), p);
  y = _mm512_fmadd_ps(e, _mm512_set1_ps(log_polynomial::ln2_lo), y);
  y = _mm512_fnmadd_ps(f2, _mm512_set1_ps(0.5f), y);
  return _mm512_fmadd_ps(e, _mm512_set1_ps(log_polynomial::ln2_hi), _mm512_add_ps(f, y));
}

// entropy = −Σ_j α̂_j ln α̂_j (0 ln 0 = 0) and distance = Σ_j α̂_j |i − j| over one row: each product
// in float32 (α̂ ln α̂) or float64 (α̂ |i − j|), the sums in float64 lanes (8 + 8 per sum), so a
// 4,096-key row loses no more than a few float32 ulp of each term.
inline void attention_row_sums_avx512(const float* row, core::KernelIndex n, core::KernelIndex query, double* entropy,
                                      double* distance) {
  const __m512 offsets = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512 zero = _mm512_setzero_ps();
  __m512d h_low = _mm512_setzero_pd(), h_high = _mm512_setzero_pd();
  __m512d d_low = _mm512_setzero_pd(), d_high = _mm512_setzero_pd();
  for (core::KernelIndex j = 0; j < n; j += 16) {
    const core::KernelIndex left = n - j;
    const __mmask16 mask = left >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u);
    const __m512 a = _mm512_maskz_loadu_ps(mask, row + j);
    // α̂ ln α̂, 0 where α̂ = 0 (and in the lanes past the row)
    const __mmask16 positive = _mm512_cmp_ps_mask(a, zero, _CMP_GT_OQ);
    const __m512 a_ln_a = _mm512_maskz_mul_ps(positive, a, log512(a));
    // |i − j| for the 16 keys (exact in float32 below 2^24)
    const __m512 gap = _mm512_abs_ps(_mm512_sub_ps(_mm512_set1_ps(static_cast<float>(query - j)), offsets));
    h_low = _mm512_add_pd(h_low, _mm512_cvtps_pd(_mm512_castps512_ps256(a_ln_a)));
    h_high = _mm512_add_pd(h_high, _mm512_cvtps_pd(_mm512_extractf32x8_ps(a_ln_a, 1)));
    d_low = _mm512_fmadd_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(a)), _mm512_cvtps_pd(_mm512_castps512_ps256(gap)), d_low);
    d_high = _mm512_fmadd_pd(_mm512_cvtps_pd(_mm512_extractf32x8_ps(a, 1)),
                             _mm512_cvtps_pd(_mm512_extractf32x8_ps(gap, 1)), d_high);
  }
  *entropy = -_mm512_reduce_add_pd(_mm512_add_pd(h_low, h_high));
  *distance = _mm512_reduce_add_pd(_mm512_add_pd(d_low, d_high));
}
