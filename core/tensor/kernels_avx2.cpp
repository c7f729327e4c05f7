// The AVX2 kernel set (AVX2, FMA, F16C): for x86-64 CPUs without AVX-512. Compiled with those flags
// only; chosen at run time (isa.cpp). Intrinsics only: see kernels.h.

#include <immintrin.h>

#include <cstdint>

#include "tensor/kernels.h"
#include "tensor/log_polynomial.h"
#include "tensor/row_sums.h"

namespace core {

namespace {

#include "tensor/dot_gemm.h"
#include "tensor/packed_gemm_avx2.h"

struct Avx2 {
  using Acc = __m256;
  // 16 registers: 3 × 4 = 12 accumulators, 3 A registers and 1 B register; 7 loads per 12 FMAs.
  static constexpr int tile_rows = 3;
  static constexpr int tile_cols = 4;
  static Acc zero() { return _mm256_setzero_ps(); }
  // {Σa, Σb, Σc, Σd} by three horizontal adds and one add of the two 128-bit halves.
  static void reduce4(__m256 a, __m256 b, __m256 c, __m256 d, float* out) {
    const __m256 abcd = _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d));
    _mm_storeu_ps(out, _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1)));
  }
};

__m256 widen_bf16(__m128i bits) { return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(bits), 16)); }
__m128i load8(const std::uint16_t* x) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(x)); }

struct DotF32 {
  using In = float;
  using W = float;
  using AReg = __m256;
  using BReg = __m256;
  static constexpr int step = 8;
  static AReg load_a(const float* a) { return _mm256_loadu_ps(a); }
  static BReg load_b(const float* b) { return _mm256_loadu_ps(b); }
  static __m256 madd(__m256 acc, __m256 a, __m256 b) { return _mm256_fmadd_ps(a, b, acc); }
  static float value_a(float a) { return a; }
  static float value_b(float b) { return b; }
};

struct DotBf16Weights : DotF32 {
  using W = std::uint16_t;
  static BReg load_b(const std::uint16_t* b) { return widen_bf16(load8(b)); }
  static float value_b(std::uint16_t b) { return dot_gemm::bf16_value(b); }
};

struct DotF16Weights : DotF32 {
  using W = std::uint16_t;
  static BReg load_b(const std::uint16_t* b) { return _mm256_cvtph_ps(load8(b)); }
  static float value_b(std::uint16_t b) { return dot_gemm::f16_value(b); }
};

struct DotBf16Widened : DotBf16Weights {
  using In = std::uint16_t;
  static AReg load_a(const std::uint16_t* a) { return widen_bf16(load8(a)); }
  static float value_a(std::uint16_t a) { return dot_gemm::bf16_value(a); }
};

// From this many rows of A on, the packed kernel (packed_gemm_avx2.h); below, dot products in place
// (dot_gemm.h), which copy nothing (a generation step's one row would pack every weight for one use).
// Measured on an AMD EPYC (Zen 3), one thread, packed ÷ in place, alternating (docs/performance.md,
// 2026-12-07): BM_GemmNt float32 768 × 768 at 64 rows 1.02, 128 rows 0.97, 512 rows 0.99; 128 × 768
// × 3072 0.76; one head's q kᵀ at 512 tokens 0.63; bf16 weights 1024 × 2048 at 64 rows 0.82, 512
// rows 0.76. Below 64 rows (a side harness): float32 1.18 at 16 rows, 1.14 at 32; bf16 0.96 and 0.92.
// One threshold for every weight type, and not above 64:
// - on-demand attention computes blocks of 64–127 query rows that must give the whole pass's bits
//   (kernels_test.cpp, packed_kernel_test.cpp), so a block and a whole pass of 64 rows or more
//   take the same kernel;
// - a bfloat16 weight must give the bits of its float32 widening (checkpoint_variants_test.cpp),
//   so 16-bit weights switch where float32 ones do (from 16 rows they would gain 4–8 %).
constexpr KernelIndex packed_from_rows = 64;

void gemm_f32(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda, const float* b,
              KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  if (m >= packed_from_rows) packed_gemm_avx2::gemm<DotF32>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  else dot_gemm::gemm<Avx2, DotF32>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_bf16_weights(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda,
                       const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  if (m >= packed_from_rows) packed_gemm_avx2::gemm<DotBf16Weights>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  else dot_gemm::gemm<Avx2, DotBf16Weights>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_f16_weights(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda,
                      const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  if (m >= packed_from_rows) packed_gemm_avx2::gemm<DotF16Weights>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  else dot_gemm::gemm<Avx2, DotF16Weights>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_bf16(KernelIndex m, KernelIndex n, KernelIndex k, const std::uint16_t* a, KernelIndex lda,
               const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  dot_gemm::gemm<Avx2, DotBf16Widened>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

// Round to nearest even on the bits, 8 at a time; NaNs take the scalar path.
void round_to_bf16(const float* x, KernelIndex n, std::uint16_t* out) {
  KernelIndex i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 values = _mm256_loadu_ps(x + i);
    if (_mm256_movemask_ps(_mm256_cmp_ps(values, values, _CMP_UNORD_Q)) != 0) {
      for (KernelIndex j = i; j < i + 8; ++j) out[j] = dot_gemm::bf16_bits(x[j]);
      continue;
    }
    const __m256i bits = _mm256_castps_si256(values);
    const __m256i lowest_kept = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(1));
    const __m256i rounded =
        _mm256_srli_epi32(_mm256_add_epi32(bits, _mm256_add_epi32(lowest_kept, _mm256_set1_epi32(0x7FFF))), 16);
    // Every value fits 16 bits, so the unsigned saturating pack is exact.
    const __m128i packed = _mm_packus_epi32(_mm256_castsi256_si128(rounded), _mm256_extracti128_si256(rounded, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), packed);
  }
  for (; i < n; ++i) out[i] = dot_gemm::bf16_bits(x[i]);
}

// e^x for every lane: the same reduction and Cephes polynomial as avx512_ops.h's exp512, with 2^n
// built in the exponent bits (n ≥ −126 after the clamp, so 2^n is a normal float).
__m256 exp256(__m256 x) {
  x = _mm256_max_ps(_mm256_min_ps(x, _mm256_set1_ps(88.3762626647949f)), _mm256_set1_ps(-87.3365478515625f));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  const __m256 e_r = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(r, r), p, r), _mm256_set1_ps(1.0f));
  // 2^n: (n + 127) << 23 is the float with exponent n; then e^x = e^r · 2^n (one rounding as scalef;
  // n ≤ 128 could overflow 2^n alone, so split it as 2^(n/2) · 2^(n − n/2)).
  const __m256i n_int = _mm256_cvtps_epi32(n);
  const __m256i half = _mm256_srai_epi32(n_int, 1);
  const auto power = [](__m256i e) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(e, _mm256_set1_epi32(127)), 23));
  };
  return _mm256_mul_ps(_mm256_mul_ps(e_r, power(half)), power(_mm256_sub_epi32(n_int, half)));
}

// The row softmax of avx512_ops.h with 8 lanes; the tail goes through a padded block (−∞ lanes).
void softmax_row(float* row, KernelIndex n) {
  const float minus_infinity = -__builtin_inff();
  const __m256 masked = _mm256_set1_ps(minus_infinity);
  // The row's largest value, 8 lanes at a time (a NaN is passed over, as the scalar x > m ? x : m
  // does: vmaxps returns its second operand when either is NaN); the order cannot change a maximum.
  __m256 lanes_maximum = masked;
  KernelIndex m = 0;
  for (; m + 8 <= n; m += 8) lanes_maximum = _mm256_max_ps(_mm256_loadu_ps(row + m), lanes_maximum);
  float lanes[8];
  _mm256_storeu_ps(lanes, lanes_maximum);
  float maximum = minus_infinity;
  for (const float lane : lanes) maximum = lane > maximum ? lane : maximum;
  for (; m < n; ++m) maximum = row[m] > maximum ? row[m] : maximum;
  if (maximum == minus_infinity) {
    for (KernelIndex j = 0; j < n; ++j) row[j] = 0.0f;
    return;
  }
  const __m256 shift = _mm256_set1_ps(maximum);
  const auto exp_open = [&](__m256 x) {
    return _mm256_andnot_ps(_mm256_cmp_ps(x, masked, _CMP_EQ_OQ), exp256(_mm256_sub_ps(x, shift)));
  };
  __m256 sum = _mm256_setzero_ps();
  KernelIndex j = 0;
  for (; j + 8 <= n; j += 8) {
    const __m256 e = exp_open(_mm256_loadu_ps(row + j));
    _mm256_storeu_ps(row + j, e);
    sum = _mm256_add_ps(sum, e);
  }
  if (j < n) {
    float tail[8];
    for (int t = 0; t < 8; ++t) tail[t] = j + t < n ? row[j + t] : minus_infinity;
    const __m256 e = exp_open(_mm256_loadu_ps(tail));
    _mm256_storeu_ps(tail, e);
    sum = _mm256_add_ps(sum, e);
    for (int t = 0; j + t < n; ++t) row[j + t] = tail[t];
  }
  float total_lanes[8];
  _mm256_storeu_ps(total_lanes, sum);
  float total = 0.0f;
  for (const float lane : total_lanes) total += lane;
  // α̂_j = e_j / Σ e, 8 at a time (each quotient the same IEEE division as one by one)
  const __m256 divisor = _mm256_set1_ps(total);
  KernelIndex i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(row + i, _mm256_div_ps(_mm256_loadu_ps(row + i), divisor));
  for (; i < n; ++i) row[i] /= total;
}

// Σ of the 8 lanes: the two 128-bit halves added, then two horizontal adds.
float lane_sum(__m256 x) {
  __m128 sum = _mm_add_ps(_mm256_castps256_ps128(x), _mm256_extractf128_ps(x, 1));
  sum = _mm_hadd_ps(sum, sum);
  return _mm_cvtss_f32(_mm_hadd_ps(sum, sum));
}

// erf x for every lane: the rational approximation Eigen uses for float (generic_fast_erf_float),
// erf x ≈ x P(x²) / Q(x²) on x clamped to [−4, 4] (beyond, erf is ±1 in float32), with FMAs. GELU through
// it is within 4e-7 · |x| of the float64 value with std::erf (kernels_test.cpp).
__m256 erf256(__m256 x) {
  x = _mm256_max_ps(_mm256_min_ps(x, _mm256_set1_ps(4.0f)), _mm256_set1_ps(-4.0f));
  const __m256 x2 = _mm256_mul_ps(x, x);
  // P: the odd numerator's coefficients α_13 … α_1 (in x²), then · x
  __m256 p = _mm256_fmadd_ps(x2, _mm256_set1_ps(-2.72614225801306e-10f), _mm256_set1_ps(2.77068142495902e-08f));
  p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-2.10102402082508e-06f));
  p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-5.69250639462346e-05f));
  p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-7.34990630326855e-04f));
  p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-2.95459980854025e-03f));
  p = _mm256_fmadd_ps(x2, p, _mm256_set1_ps(-1.60960333262415e-02f));
  p = _mm256_mul_ps(x, p);
  // Q: the even denominator's coefficients β_8 … β_0
  __m256 q = _mm256_fmadd_ps(x2, _mm256_set1_ps(-1.45660718464996e-05f), _mm256_set1_ps(-2.13374055278905e-04f));
  q = _mm256_fmadd_ps(x2, q, _mm256_set1_ps(-1.68282697438203e-03f));
  q = _mm256_fmadd_ps(x2, q, _mm256_set1_ps(-7.37332916720468e-03f));
  q = _mm256_fmadd_ps(x2, q, _mm256_set1_ps(-1.42647390514189e-02f));
  return _mm256_div_ps(p, q);
}

// GELU(x) = ½ x (1 + erf(x / √2)) for 8 lanes.
__m256 gelu256(__m256 x) {
  const __m256 half_x = _mm256_mul_ps(x, _mm256_set1_ps(0.5f));
  const __m256 e = erf256(_mm256_mul_ps(x, _mm256_set1_ps(0.707106781186547524f)));
  return _mm256_fmadd_ps(half_x, e, half_x);
}

// In place, 8 at a time; the last n % 8 values through a padded block, so every value goes through
// the same arithmetic wherever it sits in the row.
void gelu_erf_row(float* x, KernelIndex n) {
  KernelIndex i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(x + i, gelu256(_mm256_loadu_ps(x + i)));
  if (i < n) {
    alignas(32) float tail[8] = {};
    for (KernelIndex t = 0; i + t < n; ++t) tail[t] = x[i + t];
    _mm256_store_ps(tail, gelu256(_mm256_load_ps(tail)));
    for (KernelIndex t = 0; i + t < n; ++t) x[i + t] = tail[t];
  }
}

// LayerNorm of one row, 8 values at a time (the tails one by one):
//   mean = Σ x / d,  var = Σ (x − mean)² / d  (biased, as LayerNorm defines it),
//   y = (x − mean) · 1/sqrt(var + eps) · γ + β.
void layer_norm_row(const float* x, KernelIndex d, const float* gamma, const float* beta, float eps, float* y) {
  const KernelIndex d_vector = d - d % 8;
  __m256 sum = _mm256_setzero_ps();
  for (KernelIndex j = 0; j < d_vector; j += 8) sum = _mm256_add_ps(sum, _mm256_loadu_ps(x + j));
  float total = lane_sum(sum);
  for (KernelIndex j = d_vector; j < d; ++j) total += x[j];
  const float mean = total / static_cast<float>(d);

  const __m256 mean_v = _mm256_set1_ps(mean);
  __m256 squares = _mm256_setzero_ps();
  for (KernelIndex j = 0; j < d_vector; j += 8) {
    const __m256 centred = _mm256_sub_ps(_mm256_loadu_ps(x + j), mean_v);
    squares = _mm256_fmadd_ps(centred, centred, squares);
  }
  float square_total = lane_sum(squares);
  for (KernelIndex j = d_vector; j < d; ++j) square_total = __builtin_fmaf(x[j] - mean, x[j] - mean, square_total);
  const float inv_std = 1.0f / __builtin_sqrtf(square_total / static_cast<float>(d) + eps);

  const __m256 scale = _mm256_set1_ps(inv_std);
  for (KernelIndex j = 0; j < d_vector; j += 8) {
    const __m256 normalized = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + j), mean_v), scale);
    const __m256 shift = beta != nullptr ? _mm256_loadu_ps(beta + j) : _mm256_setzero_ps();
    _mm256_storeu_ps(y + j, _mm256_fmadd_ps(normalized, _mm256_loadu_ps(gamma + j), shift));
  }
  for (KernelIndex j = d_vector; j < d; ++j) {
    y[j] = __builtin_fmaf((x[j] - mean) * inv_std, gamma[j], beta != nullptr ? beta[j] : 0.0f);
  }
}

// ln x for every lane of a positive x: avx512_ops.h's log512 without vgetexpps and vgetmantps. The
// exponent and mantissa come from the bits: x = 2^e m, m in [1, 2); a subnormal x is first scaled
// by 2^23 (exactly) and its exponent lowered by 23. Then as log512: m ≥ √2 halved, f = m − 1,
// ln(1 + f) ≈ f − f²/2 + f³ P(f) with the Cephes logf polynomial, ln 2 split in two.
__m256 log256(__m256 x) {
  const __m256 tiny = _mm256_cmp_ps(x, _mm256_set1_ps(1.17549435e-38f), _CMP_LT_OQ);  // below FLT_MIN
  x = _mm256_blendv_ps(x, _mm256_mul_ps(x, _mm256_set1_ps(8388608.0f)), tiny);
  const __m256i bits = _mm256_castps_si256(x);
  __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(127)));
  e = _mm256_add_ps(e, _mm256_and_ps(tiny, _mm256_set1_ps(-23.0f)));
  __m256 m = _mm256_castsi256_ps(
      _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007FFFFF)), _mm256_set1_epi32(0x3F800000)));
  const __m256 upper = _mm256_cmp_ps(m, _mm256_set1_ps(log_polynomial::sqrt_two), _CMP_GE_OQ);
  m = _mm256_blendv_ps(m, _mm256_mul_ps(m, _mm256_set1_ps(0.5f)), upper);
  e = _mm256_add_ps(e, _mm256_and_ps(upper, _mm256_set1_ps(1.0f)));
  const __m256 f = _mm256_sub_ps(m, _mm256_set1_ps(1.0f));
  const __m256 f2 = _mm256_mul_ps(f, f);
  __m256 p = _mm256_set1_ps(log_polynomial::coefficients[0]);
  for (int c = 1; c < 9; ++c) p = _mm256_fmadd_ps(p, f, _mm256_set1_ps(log_polynomial::coefficients[c]));
  // y = f³ P(f) − f²/2 + e · ln2_lo, then ln x = f + y + e · ln2_hi
  __m256 y = _mm256_mul_ps(_mm256_mul_ps(f2, f), p);
  y = _mm256_fmadd_ps(e, _mm256_set1_ps(log_polynomial::ln2_lo), y);
  y = _mm256_fnmadd_ps(f2, _mm256_set1_ps(0.5f), y);
  return _mm256_fmadd_ps(e, _mm256_set1_ps(log_polynomial::ln2_hi), _mm256_add_ps(f, y));
}

// Σ of the 4 float64 lanes.
double lane_sum(__m256d x) {
  const __m128d pair = _mm_add_pd(_mm256_castpd256_pd128(x), _mm256_extractf128_pd(x, 1));
  return _mm_cvtsd_f64(_mm_add_sd(pair, _mm_unpackhi_pd(pair, pair)));
}

}  // namespace

// row_sums.h's entropy and distance of one row, 8 keys at a time as the AVX-512 version does 16:
// α̂ ln α̂ in float32 (0 where α̂ = 0), α̂ |i − j| in float64, both summed in float64 lanes; the last
// n % 8 keys through a zero-padded block.
void avx2_attention_row_sums(const float* row, KernelIndex n, KernelIndex query, double* entropy, double* distance) {
  const __m256 offsets = _mm256_setr_ps(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256 zero = _mm256_setzero_ps();
  __m256d h_low = _mm256_setzero_pd(), h_high = _mm256_setzero_pd();
  __m256d d_low = _mm256_setzero_pd(), d_high = _mm256_setzero_pd();
  const auto add = [&](__m256 a, KernelIndex j) {
    const __m256 positive = _mm256_cmp_ps(a, zero, _CMP_GT_OQ);
    const __m256 a_ln_a = _mm256_and_ps(positive, _mm256_mul_ps(a, log256(_mm256_max_ps(a, zero))));
    // |i − j| for the 8 keys (exact in float32 below 2^24)
    const __m256 signed_gap = _mm256_sub_ps(_mm256_set1_ps(static_cast<float>(query - j)), offsets);
    const __m256 gap = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), signed_gap);
    h_low = _mm256_add_pd(h_low, _mm256_cvtps_pd(_mm256_castps256_ps128(a_ln_a)));
    h_high = _mm256_add_pd(h_high, _mm256_cvtps_pd(_mm256_extractf128_ps(a_ln_a, 1)));
    d_low = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(a)), _mm256_cvtps_pd(_mm256_castps256_ps128(gap)),
                            d_low);
    d_high = _mm256_fmadd_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)),
                             _mm256_cvtps_pd(_mm256_extractf128_ps(gap, 1)), d_high);
  };
  KernelIndex j = 0;
  for (; j + 8 <= n; j += 8) add(_mm256_loadu_ps(row + j), j);
  if (j < n) {
    float tail[8] = {};
    for (KernelIndex t = 0; j + t < n; ++t) tail[t] = row[j + t];
    add(_mm256_loadu_ps(tail), j);
  }
  *entropy = -lane_sum(_mm256_add_pd(h_low, h_high));
  *distance = lane_sum(_mm256_add_pd(d_low, d_high));
}

KernelSet avx2_kernel_set() {
  KernelSet set;
  set.isa = Isa::Avx2;
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
