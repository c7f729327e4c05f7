// Every kernel set this CPU supports (portable, AVX2, AVX-512, AVX-512-BF16) against a plain
// float64 reference written here, on shapes that reach every tile edge and the k blocking.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "tensor/gemm.h"
#include "tensor/isa.h"
#include "tensor/kernels.h"
#include "tensor/row_sums.h"
#include "tensor/scalar_types.h"

namespace {

using core::Isa;
using core::KernelSet;
using Index = std::ptrdiff_t;

std::vector<const KernelSet*> available_sets() {
  std::vector<const KernelSet*> sets;
  for (const Isa isa : {Isa::Portable, Isa::Avx2, Isa::Avx512, Isa::Avx512Bf16}) {
    if (const KernelSet* set = core::kernels_for(isa)) sets.push_back(set);
  }
  return sets;
}

std::vector<float> random_values(std::size_t count, std::mt19937& random) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> values(count);
  for (float& value : values) value = normal(random);
  return values;
}

std::vector<std::uint16_t> to_bf16(const std::vector<float>& values) {
  std::vector<std::uint16_t> halves(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) halves[i] = core::float_to_bf16(values[i]);
  return halves;
}

// float16 values n / 8 for |n| ≤ 64 (exact in float16), their bits found once by search, so the
// widened values are known independently of the conversion under test.
std::vector<std::uint16_t> f16_values(std::size_t count, std::mt19937& random, std::vector<float>& widened) {
  static const std::vector<std::uint16_t> table = [] {
    std::vector<std::uint16_t> bits(129);
    for (std::uint32_t candidate = 0; candidate < 0x10000u; ++candidate) {
      const float value = core::f16_to_float(static_cast<std::uint16_t>(candidate)) * 8.0f;
      if (value >= -64.0f && value <= 64.0f && value == std::floor(value) && candidate != 0x8000u) {  // not −0
        bits[static_cast<std::size_t>(value + 64.0f)] = static_cast<std::uint16_t>(candidate);
      }
    }
    return bits;
  }();
  std::uniform_int_distribution<int> pick(-64, 64);
  std::vector<std::uint16_t> halves(count);
  widened.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const int n = pick(random);
    halves[i] = table[static_cast<std::size_t>(n + 64)];
    widened[i] = static_cast<float>(n) / 8.0f;
  }
  return halves;
}

// The error bound every gemm test states: |C − C_ref| ≤ 4e-6 · Σ_p |a_p b_p| (float32 sums of up
// to a few thousand terms in any order), checked per element, plus the accumulated value's ulp.
void expect_gemm_near(const std::vector<float>& c, const std::vector<double>& reference,
                      const std::vector<double>& magnitude, const std::string& what) {
  for (std::size_t i = 0; i < c.size(); ++i) {
    const double bound = 4e-6 * magnitude[i] + 1e-6 * std::abs(reference[i]) + 1e-30;
    ASSERT_LE(std::abs(c[i] - reference[i]), bound) << what << " element " << i;
  }
}

struct Shape {
  Index m, n, k;
};

// Tile edges (5 × 5, 3 × 4, 12 × 32), the vector tails (k % 8, % 16, % 32), the k blocks (768 in
// place, 256 packed) and, from 8 rows on, the packed kernel's panels (a partial last one). The
// AVX-512 broadcast kernel (8 to 63 rows) gets token groups of 1, 2 and 3 registers with a partial
// last one (15, 17, 47, 49, 63 rows) and 1 to 8 weight rows in the last block; the packed kernel
// takes over at 64 (64, 65, 255, 256, 257 rows).
const Shape shapes[] = {{1, 1, 1},     {1, 7, 16},    {3, 4, 8},      {5, 5, 32},    {7, 13, 17},
                        {16, 64, 64},  {133, 11, 47}, {6, 9, 800},    {129, 21, 768}, {2, 3, 1601},
                        {70, 45, 300}, {64, 96, 512}, {77, 33, 1},    {8, 1, 3},     {15, 17, 63},
                        {17, 15, 65},  {47, 8, 255},  {49, 23, 257},  {63, 65, 31},  {65, 63, 129},
                        {255, 19, 97}, {256, 9, 33},  {257, 40, 17}};

// a (m × k, row stride lda), b (n × k, stride ldb) → the reference C and Σ|a b| per element.
void reference_gemm(const Shape& s, const std::vector<float>& a, Index lda, const std::vector<float>& b, Index ldb,
                    const std::vector<float>& c_before, bool accumulate, std::vector<double>& c,
                    std::vector<double>& magnitude) {
  c.assign(static_cast<std::size_t>(s.m * s.n), 0.0);
  magnitude.assign(c.size(), 0.0);
  for (Index i = 0; i < s.m; ++i) {
    for (Index j = 0; j < s.n; ++j) {
      double sum = accumulate ? c_before[static_cast<std::size_t>(i * s.n + j)] : 0.0;
      double size = 0.0;
      for (Index p = 0; p < s.k; ++p) {
        const double product = static_cast<double>(a[static_cast<std::size_t>(i * lda + p)]) *
                               static_cast<double>(b[static_cast<std::size_t>(j * ldb + p)]);
        sum += product;
        size += std::abs(product);
      }
      c[static_cast<std::size_t>(i * s.n + j)] = sum;
      magnitude[static_cast<std::size_t>(i * s.n + j)] = size;
    }
  }
}

std::string label(const KernelSet& set, const Shape& s, bool accumulate) {
  return std::string(core::to_string(set.isa)) + " m=" + std::to_string(s.m) + " n=" + std::to_string(s.n) +
         " k=" + std::to_string(s.k) + (accumulate ? " accumulate" : "");
}

TEST(Kernels, EverySupportedSetIsListedAndTheActiveOneIsAmongThem) {
  const std::vector<const KernelSet*> sets = available_sets();
  ASSERT_FALSE(sets.empty());
  EXPECT_EQ(sets.front()->isa, Isa::Portable);
  EXPECT_EQ(sets.back()->isa, core::detected_isa());
  EXPECT_EQ(core::active_kernels().isa, core::active_isa());
  for (const KernelSet* set : sets) {
    EXPECT_NE(set->gemm_f32, nullptr);
    EXPECT_NE(set->gemm_bf16_weights, nullptr);
    EXPECT_NE(set->gemm_f16_weights, nullptr);
    EXPECT_NE(set->gemm_bf16, nullptr);
    EXPECT_NE(set->round_to_bf16, nullptr);
    EXPECT_NE(set->softmax_row, nullptr);
    EXPECT_NE(set->gelu_erf_row, nullptr);
    EXPECT_NE(set->layer_norm_row, nullptr);
  }
}

// A set above the CPU's is never constructed (its constructor is compiled for that instruction
// set), so the sets up to a lower one leave the higher entries empty.
TEST(Kernels, SetsAboveTheBestAreNeverBuilt) {
  const std::array<KernelSet, 4> portable_only = core::kernel_sets_up_to(Isa::Portable);
  EXPECT_NE(portable_only[static_cast<int>(Isa::Portable)].gemm_f32, nullptr);
  for (const Isa isa : {Isa::Avx2, Isa::Avx512, Isa::Avx512Bf16}) {
    EXPECT_EQ(portable_only[static_cast<int>(isa)].gemm_f32, nullptr) << core::to_string(isa);
    EXPECT_EQ(portable_only[static_cast<int>(isa)].softmax_row, nullptr) << core::to_string(isa);
  }
  const std::array<KernelSet, 4> all = core::kernel_sets_up_to(core::detected_isa());
  for (const KernelSet* set : available_sets()) {
    EXPECT_EQ(all[static_cast<int>(set->isa)].gemm_f32, set->gemm_f32) << core::to_string(set->isa);
  }
}

TEST(Kernels, Float32GemmMatchesTheReferenceOnEverySet) {
  std::mt19937 random(7);
  for (const KernelSet* set : available_sets()) {
    for (const Shape& s : shapes) {
      for (const bool accumulate : {false, true}) {
        // Row strides wider than k, as the attention heads' slices of Q and K have.
        const Index lda = s.k + 3;
        const Index ldb = s.k + 5;
        const std::vector<float> a = random_values(static_cast<std::size_t>(s.m * lda), random);
        const std::vector<float> b = random_values(static_cast<std::size_t>(s.n * ldb), random);
        std::vector<float> c = random_values(static_cast<std::size_t>(s.m * s.n), random);
        const std::vector<float> before = c;
        std::vector<double> reference, magnitude;
        reference_gemm(s, a, lda, b, ldb, before, accumulate, reference, magnitude);
        set->gemm_f32(s.m, s.n, s.k, a.data(), lda, b.data(), ldb, c.data(), s.n, accumulate);
        expect_gemm_near(c, reference, magnitude, label(*set, s, accumulate));
      }
    }
  }
}

// The x86 sets sum each output in an order that depends on neither the other rows in the call nor
// the columns' split (AVX2's in-place tiles at any row count; AVX-512's packed kernel from 64 rows
// on, and both calls here have 64 or more): a token's output is the same bits whatever else is in
// the batch, and however the threads split a layer's columns. The on-demand attention blocks
// (64–127 query rows) rely on it to equal the dense pass bit for bit.
TEST(Kernels, OutputsDoNotDependOnTheOtherRowsOrTheColumnSplit) {
  std::mt19937 random(31);
  const Index m = 100, n = 53, k = 600, first = 17, rows = 64;
  const std::vector<float> a = random_values(static_cast<std::size_t>(m * k), random);
  const std::vector<float> b = random_values(static_cast<std::size_t>(n * k), random);
  for (const KernelSet* set : available_sets()) {
    if (set->isa < Isa::Avx2) continue;  // Eigen's product picks its blocking from the shape
    std::vector<float> whole(static_cast<std::size_t>(m * n));
    set->gemm_f32(m, n, k, a.data(), k, b.data(), k, whole.data(), n, false);
    // rows [first, first + rows) alone
    std::vector<float> part(static_cast<std::size_t>(rows * n));
    set->gemm_f32(rows, n, k, a.data() + first * k, k, b.data(), k, part.data(), n, false);
    for (Index i = 0; i < rows; ++i) {
      for (Index j = 0; j < n; ++j) {
        ASSERT_EQ(part[static_cast<std::size_t>(i * n + j)], whole[static_cast<std::size_t>((first + i) * n + j)])
            << core::to_string(set->isa) << " row " << first + i << " column " << j;
      }
    }
    // columns [0, 21) and [21, n) in two calls, as two threads would
    std::vector<float> split(whole.size());
    const Index cut = 21;
    set->gemm_f32(m, cut, k, a.data(), k, b.data(), k, split.data(), n, false);
    set->gemm_f32(m, n - cut, k, a.data(), k, b.data() + cut * k, k, split.data() + cut, n, false);
    EXPECT_EQ(split, whole) << core::to_string(set->isa);
  }
}

TEST(Kernels, SixteenBitWeightsAreWidenedExactly) {
  std::mt19937 random(11);
  for (const KernelSet* set : available_sets()) {
    for (const Shape& s : shapes) {
      const std::vector<float> a = random_values(static_cast<std::size_t>(s.m * s.k), random);
      // bfloat16: the reference multiplies by the widened values
      const std::vector<std::uint16_t> b_bf16 = to_bf16(random_values(static_cast<std::size_t>(s.n * s.k), random));
      std::vector<float> b_wide(b_bf16.size());
      for (std::size_t i = 0; i < b_wide.size(); ++i) b_wide[i] = core::bf16_to_float(b_bf16[i]);
      std::vector<double> reference, magnitude;
      std::vector<float> c(static_cast<std::size_t>(s.m * s.n), 0.0f);
      reference_gemm(s, a, s.k, b_wide, s.k, c, false, reference, magnitude);
      set->gemm_bf16_weights(s.m, s.n, s.k, a.data(), s.k, b_bf16.data(), s.k, c.data(), s.n, false);
      expect_gemm_near(c, reference, magnitude, "bf16 weights " + label(*set, s, false));

      std::vector<float> f16_wide;
      const std::vector<std::uint16_t> b_f16 = f16_values(static_cast<std::size_t>(s.n * s.k), random, f16_wide);
      reference_gemm(s, a, s.k, f16_wide, s.k, c, false, reference, magnitude);
      set->gemm_f16_weights(s.m, s.n, s.k, a.data(), s.k, b_f16.data(), s.k, c.data(), s.n, false);
      expect_gemm_near(c, reference, magnitude, "f16 weights " + label(*set, s, false));
    }
  }
}

TEST(Kernels, Bfloat16DotProductsMatchTheReferenceOnRoundedInputs) {
  std::mt19937 random(13);
  for (const KernelSet* set : available_sets()) {
    for (const Shape& s : shapes) {
      for (const bool accumulate : {false, true}) {
        const std::vector<std::uint16_t> a = to_bf16(random_values(static_cast<std::size_t>(s.m * s.k), random));
        const std::vector<std::uint16_t> b = to_bf16(random_values(static_cast<std::size_t>(s.n * s.k), random));
        std::vector<float> a_wide(a.size()), b_wide(b.size());
        for (std::size_t i = 0; i < a.size(); ++i) a_wide[i] = core::bf16_to_float(a[i]);
        for (std::size_t i = 0; i < b.size(); ++i) b_wide[i] = core::bf16_to_float(b[i]);
        std::vector<float> c = random_values(static_cast<std::size_t>(s.m * s.n), random);
        std::vector<double> reference, magnitude;
        reference_gemm(s, a_wide, s.k, b_wide, s.k, c, accumulate, reference, magnitude);
        set->gemm_bf16(s.m, s.n, s.k, a.data(), s.k, b.data(), s.k, c.data(), s.n, accumulate);
        expect_gemm_near(c, reference, magnitude, "bf16 dot " + label(*set, s, accumulate));
      }
    }
  }
}

TEST(Kernels, RoundingToBfloat16IsNearestEvenOnEverySet) {
  std::vector<float> values = {0.0f, -0.0f, 1.0f, -1.5f, 3.14159265f, 1e-40f, -1e-42f, 65504.0f, 3.4e38f,
                               std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::quiet_NaN(),
                               // exact ties: 1 + 2^-8 rounds down to 1 (even), 1 + 3·2^-8 rounds up
                               1.0f + 0x1p-8f, 1.0f + 3 * 0x1p-8f, -(1.0f + 0x1p-8f)};
  std::mt19937 random(17);
  const std::vector<float> more = random_values(100, random);
  values.insert(values.end(), more.begin(), more.end());  // 115 values: a vector body and a tail
  for (const KernelSet* set : available_sets()) {
    std::vector<std::uint16_t> out(values.size());
    set->round_to_bf16(values.data(), static_cast<Index>(values.size()), out.data());
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::uint16_t expected = core::float_to_bf16(values[i]);
      if (std::isnan(values[i])) {
        EXPECT_TRUE(std::isnan(core::bf16_to_float(out[i]))) << core::to_string(set->isa);
      } else if (set->isa == Isa::Avx512Bf16 && std::fpclassify(values[i]) == FP_SUBNORMAL) {
        // vcvtneps2bf16 treats float32 subnormals (|x| < 1.2e-38) as zero.
        EXPECT_EQ(core::bf16_to_float(out[i]), 0.0f) << values[i];
      } else {
        EXPECT_EQ(out[i], expected) << core::to_string(set->isa) << " value " << values[i];
      }
    }
  }
  EXPECT_EQ(core::float_to_bf16(1.0f + 0x1p-8f), core::float_to_bf16(1.0f));
  EXPECT_EQ(core::bf16_to_float(core::float_to_bf16(1.0f + 3 * 0x1p-8f)), 1.0f + 0x1p-6f);
}

// softmax in float64, with −∞ entries 0.
std::vector<double> reference_softmax(const std::vector<float>& row) {
  double maximum = -std::numeric_limits<double>::infinity();
  for (const float x : row) maximum = std::max(maximum, static_cast<double>(x));
  std::vector<double> weights(row.size(), 0.0);
  double sum = 0.0;
  for (std::size_t j = 0; j < row.size(); ++j) {
    if (std::isinf(row[j]) && row[j] < 0) continue;
    weights[j] = std::exp(static_cast<double>(row[j]) - maximum);
    sum += weights[j];
  }
  for (double& weight : weights) weight /= sum;
  return weights;
}

TEST(Kernels, SoftmaxRowsMatchTheReferenceWithMasksAndTails) {
  std::mt19937 random(19);
  const float minus_infinity = -std::numeric_limits<float>::infinity();
  for (const KernelSet* set : available_sets()) {
    for (const Index width : {1, 5, 8, 16, 17, 33, 100, 512}) {
      std::vector<float> row = random_values(static_cast<std::size_t>(width), random);
      for (float& x : row) x *= 8.0f;  // scores up to ±30: exp spans many orders of magnitude
      if (width > 3) row[2] = minus_infinity;
      if (width > 1) row[static_cast<std::size_t>(width - 1)] = minus_infinity;
      const std::vector<double> expected = reference_softmax(row);
      set->softmax_row(row.data(), width);
      for (Index j = 0; j < width; ++j) {
        // Relative error: float32's rounding of x − max (|x − max| up to 60 here, so up to 4e-6
        // in the exponent) dominates; exp, the sum and the division add a few ulp.
        EXPECT_NEAR(row[static_cast<std::size_t>(j)], expected[static_cast<std::size_t>(j)],
                    8e-6 * expected[static_cast<std::size_t>(j)] + 1e-38)
            << core::to_string(set->isa) << " width " << width << " entry " << j;
      }
      if (width > 3) {
        EXPECT_EQ(row[2], 0.0f);
      }
    }
    std::vector<float> masked(19, minus_infinity);
    set->softmax_row(masked.data(), 19);
    for (const float x : masked) EXPECT_EQ(x, 0.0f) << core::to_string(set->isa);
  }
}

// −Σ a ln a and Σ a |i − j| over one row, in float64 entry by entry.
void reference_row_sums(const std::vector<float>& row, Index query, double& entropy, double& distance) {
  entropy = 0.0;
  distance = 0.0;
  for (std::size_t j = 0; j < row.size(); ++j) {
    const double a = row[j];
    if (a > 0.0) entropy -= a * std::log(a);
    distance += a * std::abs(static_cast<double>(query) - static_cast<double>(j));
  }
}

TEST(Kernels, AttentionRowSumsMatchTheReferenceWithZerosSubnormalsAndTails) {
  std::mt19937 random(29);
  EXPECT_EQ(core::attention_row_sums(), core::attention_row_sums_for(core::active_isa()));
  for (const KernelSet* set : available_sets()) {
    const core::AttentionRowSums sums = core::attention_row_sums_for(set->isa);
    ASSERT_NE(sums, nullptr) << core::to_string(set->isa);
    for (const Index width : {1, 2, 15, 16, 17, 100, 4096}) {
      std::vector<float> row = random_values(static_cast<std::size_t>(width), random);
      for (float& x : row) x *= 6.0f;
      core::kernels_for(Isa::Portable)->softmax_row(row.data(), width);
      // exact zeros (masked keys) and a subnormal weight: 0 ln 0 = 0, and ln of a subnormal is finite
      if (width > 3) row[1] = 0.0f;
      if (width > 5) row[4] = 1e-40f;
      for (const Index query : {Index{0}, width / 2, width - 1}) {
        double want_entropy = 0.0, want_distance = 0.0;
        reference_row_sums(row, query, want_entropy, want_distance);
        double entropy = -1.0, distance = -1.0;
        sums(row.data(), width, query, &entropy, &distance);
        // float32 products (a ln a) summed in float64: relative error a few float32 ulp
        EXPECT_NEAR(entropy, want_entropy, 1e-6 * want_entropy + 1e-12)
            << core::to_string(set->isa) << " width " << width << " query " << query;
        EXPECT_NEAR(distance, want_distance, 1e-9 * want_distance + 1e-12)
            << core::to_string(set->isa) << " width " << width << " query " << query;
      }
    }
    // one key with all the weight: entropy exactly 0
    std::vector<float> one_hot(33, 0.0f);
    one_hot[7] = 1.0f;
    double entropy = -1.0, distance = -1.0;
    sums(one_hot.data(), 33, 20, &entropy, &distance);
    EXPECT_EQ(entropy, 0.0) << core::to_string(set->isa);
    EXPECT_EQ(distance, 13.0) << core::to_string(set->isa);
  }
}

// GELU(x) = ½ x (1 + erf(x / √2)) in float64 with std::erf.
double reference_gelu(float x) {
  const double v = x;
  return 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0)));
}

TEST(Kernels, GeluMatchesStdErfOnEverySet) {
  // A sweep of [−10, 10] in steps of 1/512 (where erf bends and where it is ±1 in float32), the
  // extremes, zeros, and a row length with a tail (n % 8 = 3).
  std::vector<float> values;
  for (int i = -5120; i <= 5120; ++i) values.push_back(static_cast<float>(i) / 512.0f);
  for (const float extreme : {-1e30f, -100.0f, -1e-30f, -0.0f, 1e-30f, 100.0f, 1e30f}) values.push_back(extreme);
  values.resize(values.size() + (3 + 8 - values.size() % 8) % 8, 0.25f);
  ASSERT_EQ(values.size() % 8, 3u);
  for (const KernelSet* set : available_sets()) {
    std::vector<float> x = values;
    set->gelu_erf_row(x.data(), static_cast<Index>(x.size()));
    double worst = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double want = reference_gelu(values[i]);
      // Eigen's rational erf is within about 2 float32 ulp of erf: GELU within 4e-7 · |x| + 1e-37
      // (measured: 2.0e-7 · |x| on the portable set, 1.5e-7 on AVX2).
      ASSERT_NEAR(x[i], want, 4e-7 * std::abs(values[i]) + 1e-37)
          << core::to_string(set->isa) << " x = " << values[i];
      if (values[i] != 0.0f) worst = std::max(worst, std::abs(x[i] - want) / std::abs(values[i]));
    }
    std::cout << core::to_string(set->isa) << ": max |GELU − reference| / |x| = " << worst << "\n";
    // the same value gives the same bits wherever it sits in a row (the tail is padded, not scalar)
    std::vector<float> one(9, 1.3f);
    set->gelu_erf_row(one.data(), 9);
    for (const float y : one) EXPECT_EQ(y, one.front()) << core::to_string(set->isa);
  }
}

// LayerNorm of one row in float64.
std::vector<double> reference_layer_norm(const std::vector<float>& x, const std::vector<float>& gamma,
                                         const std::vector<float>* beta, float eps) {
  const double d = static_cast<double>(x.size());
  double mean = 0.0;
  for (const float v : x) mean += v;
  mean /= d;
  double variance = 0.0;
  for (const float v : x) variance += (v - mean) * (v - mean);
  variance /= d;
  const double inv_std = 1.0 / std::sqrt(variance + eps);
  std::vector<double> y(x.size());
  for (std::size_t j = 0; j < x.size(); ++j) {
    y[j] = (x[j] - mean) * inv_std * gamma[j] + (beta != nullptr ? (*beta)[j] : 0.0);
  }
  return y;
}

TEST(Kernels, LayerNormMatchesTheReferenceWithAndWithoutShiftAndInPlace) {
  std::mt19937 random(37);
  for (const KernelSet* set : available_sets()) {
    for (const Index d : {1, 3, 8, 13, 768, 771}) {
      std::vector<float> x = random_values(static_cast<std::size_t>(d), random);
      for (float& v : x) v = 3.0f * v + 5.0f;  // an offset mean, as residual streams have
      const std::vector<float> gamma = random_values(static_cast<std::size_t>(d), random);
      const std::vector<float> beta = random_values(static_cast<std::size_t>(d), random);
      const float eps = 1e-5f;
      for (const bool shift : {true, false}) {
        const std::vector<double> want = reference_layer_norm(x, gamma, shift ? &beta : nullptr, eps);
        std::vector<float> y(x.size());
        set->layer_norm_row(x.data(), d, gamma.data(), shift ? beta.data() : nullptr, eps, y.data());
        std::vector<float> in_place = x;
        set->layer_norm_row(in_place.data(), d, gamma.data(), shift ? beta.data() : nullptr, eps, in_place.data());
        EXPECT_EQ(in_place, y) << core::to_string(set->isa) << " d " << d;
        for (Index j = 0; j < d; ++j) {
          // float32 sums of up to 771 values with mean 5: the mean and variance to a few 1e-7
          // relative, so each output within 2e-6 (|γ| + 1) of the float64 value.
          const std::size_t at = static_cast<std::size_t>(j);
          ASSERT_NEAR(y[at], want[at], 2e-6 * (std::abs(gamma[at]) + 1.0))
              << core::to_string(set->isa) << " d " << d << " entry " << j << (shift ? " with β" : " without β");
        }
      }
    }
  }
}

TEST(Kernels, AWeightOfAnyStoredTypeGoesThroughTheSameProduct) {
  std::mt19937 random(23);
  const Index m = 9, n = 12, k = 40;
  const std::vector<float> a = random_values(static_cast<std::size_t>(m * k), random);
  const std::vector<std::uint16_t> halves = to_bf16(random_values(static_cast<std::size_t>(n * k), random));
  std::vector<float> wide(halves.size());
  for (std::size_t i = 0; i < halves.size(); ++i) wide[i] = core::bf16_to_float(halves[i]);
  for (const KernelSet* set : available_sets()) {
    const core::WeightMatrix as_f32{wide.data(), n, k};
    const core::WeightMatrix as_bf16{halves.data(), n, k, core::ScalarType::BF16};
    std::vector<float> from_f32(static_cast<std::size_t>(m * n)), from_bf16(from_f32.size()), fast(from_f32.size());
    core::gemm_nt(*set, m, a.data(), k, as_f32, from_f32.data(), n);
    core::gemm_nt(*set, m, a.data(), k, as_bf16, from_bf16.data(), n);
    // Exact precision: a bfloat16 weight gives the bits its float32 widening gives.
    EXPECT_EQ(from_f32, from_bf16) << core::to_string(set->isa);
    // Fast precision rounds the activations: close, not equal (bfloat16 keeps 8 significant bits).
    core::WeightMatrix fast_weight = as_bf16;
    fast_weight.dot = core::DotProduct::Bf16;
    core::gemm_nt(*set, m, a.data(), k, fast_weight, fast.data(), n);
    for (std::size_t i = 0; i < fast.size(); ++i) EXPECT_NEAR(fast[i], from_f32[i], 0.1f) << core::to_string(set->isa);
    EXPECT_NE(fast, from_f32);
    // A bfloat16 dot product of a float32 weight is a programming error, named as such.
    core::WeightMatrix wrong = as_f32;
    wrong.dot = core::DotProduct::Bf16;
    EXPECT_THROW(core::gemm_nt(*set, m, a.data(), k, wrong, fast.data(), n), std::logic_error);
  }
}

TEST(Isa, TheEnvironmentCanOnlyLowerTheSetAndBadValuesAreNamed) {
  EXPECT_EQ(core::choose_isa(nullptr, Isa::Avx512).isa, Isa::Avx512);
  EXPECT_EQ(core::choose_isa("", Isa::Avx512).isa, Isa::Avx512);
  const core::IsaChoice lower = core::choose_isa("avx2", Isa::Avx512Bf16);
  EXPECT_EQ(lower.isa, Isa::Avx2);
  EXPECT_TRUE(lower.note.empty());
  const core::IsaChoice higher = core::choose_isa("avx512bf16", Isa::Avx2);
  EXPECT_EQ(higher.isa, Isa::Avx2);
  EXPECT_NE(higher.note.find("lacks it; using avx2"), std::string::npos) << higher.note;
  const core::IsaChoice unknown = core::choose_isa("sse9", Isa::Avx512);
  EXPECT_EQ(unknown.isa, Isa::Avx512);
  EXPECT_NE(unknown.note.find("ATTNSCOPE_ISA=sse9 is not one of"), std::string::npos) << unknown.note;
  for (const Isa isa : {Isa::Portable, Isa::Avx2, Isa::Avx512, Isa::Avx512Bf16}) {
    EXPECT_EQ(core::parse_isa(core::to_string(isa)), isa);
  }
}

}  // namespace

// No product to compute: with k = 0 every kernel (the in-place tile for few rows, AVX-512's
// broadcast kernel for 8–63, the packed ones from 64 rows, and the bfloat16 dot products) writes
// C = 0, or leaves C as it is when accumulating; with m or n = 0 it writes nothing.
TEST(Kernels, AnEmptyProductClearsOrKeepsC) {
  for (const KernelSet* set : available_sets()) {
    for (const Index m : {Index{3}, Index{20}, Index{70}}) {
      const Index n = 5;
      std::vector<float> c(static_cast<std::size_t>(m * n), 7.0f);
      const float a = 1.0f;
      const float b = 1.0f;
      set->gemm_f32(m, n, 0, &a, 0, &b, 0, c.data(), n, true);
      for (const float x : c) EXPECT_EQ(x, 7.0f) << core::to_string(set->isa) << " m " << m;
      const std::uint16_t half = 0x3F80;  // bfloat16 1
      set->gemm_bf16_weights(m, n, 0, &a, 0, &half, 0, c.data(), n, false);
      for (const float x : c) EXPECT_EQ(x, 0.0f) << core::to_string(set->isa) << " m " << m;
      std::fill(c.begin(), c.end(), 7.0f);
      set->gemm_bf16(m, n, 0, &half, 0, &half, 0, c.data(), n, false);
      for (const float x : c) EXPECT_EQ(x, 0.0f) << core::to_string(set->isa) << " bf16 · bf16, m " << m;
      std::fill(c.begin(), c.end(), 7.0f);
      set->gemm_f32(0, n, 4, &a, 4, &b, 4, c.data(), n, false);
      set->gemm_f32(m, 0, 4, &a, 4, &b, 4, c.data(), n, false);
      for (const float x : c) EXPECT_EQ(x, 7.0f) << core::to_string(set->isa) << " m " << m;
    }
  }
}
