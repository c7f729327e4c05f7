// The AVX2 set's packed kernel (core/tensor/packed_gemm_avx2.h, 64 rows and more): against a float64
// reference and, bit for bit, against the order of sums it promises. Shapes cross its 6-row tiles,
// 16-column panels, 8-value k tails, 256-value k blocks and 240-row blocks of A, with row strides
// wider than the matrices, accumulate on and off, and float32, bfloat16 and float16 weights.
// Skipped on a CPU without AVX2.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "tensor/isa.h"
#include "tensor/kernels.h"
#include "tensor/scalar_types.h"

namespace {

using core::Isa;
using core::KernelSet;
using Index = std::ptrdiff_t;

// Weights as stored and as the float32 values they widen to.
struct Weights {
  core::ScalarType type = core::ScalarType::F32;
  std::vector<float> wide;           // what the kernel multiplies by
  std::vector<std::uint16_t> halves;  // bfloat16 or float16 bits (empty for float32)
};

Weights random_weights(core::ScalarType type, std::size_t count, std::mt19937& random) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Weights w;
  w.type = type;
  w.wide.resize(count);
  if (type == core::ScalarType::F32) {
    for (float& value : w.wide) value = normal(random);
    return w;
  }
  // float16: random sign and mantissa, exponent field 12 … 17 (magnitudes 1/8 up to 8)
  std::uniform_int_distribution<int> sign(0, 1), exponent(12, 17), mantissa(0, 1023);
  w.halves.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (type == core::ScalarType::BF16) {
      w.halves[i] = core::float_to_bf16(normal(random));
      w.wide[i] = core::bf16_to_float(w.halves[i]);
    } else {
      w.halves[i] = static_cast<std::uint16_t>(sign(random) << 15 | exponent(random) << 10 | mantissa(random));
      w.wide[i] = core::f16_to_float(w.halves[i]);
    }
  }
  return w;
}

void run(const KernelSet& set, const Weights& w, Index m, Index n, Index k, const float* a, Index lda, Index ldb,
         float* c, Index ldc, bool accumulate) {
  switch (w.type) {
    case core::ScalarType::F32:
      set.gemm_f32(m, n, k, a, lda, w.wide.data(), ldb, c, ldc, accumulate);
      return;
    case core::ScalarType::BF16:
      set.gemm_bf16_weights(m, n, k, a, lda, w.halves.data(), ldb, c, ldc, accumulate);
      return;
    case core::ScalarType::F16:
      set.gemm_f16_weights(m, n, k, a, lda, w.halves.data(), ldb, c, ldc, accumulate);
      return;
  }
}

struct Shape {
  Index m, n, k;
};

// 64 rows and more (the packed kernel's range): rows 64, 65, 70 (tiles of 6 with 4, 5, 4 left),
// 241 and 481 (two and three blocks of A); columns 1, 7, 8, 9, 16, 17, 33 (partial panels and
// masked halves); k 1, 7, 8, 255, 256, 257, 600 (tails of 8, one to three k blocks).
const Shape shapes[] = {{64, 16, 256}, {65, 17, 257}, {70, 7, 255}, {64, 1, 1},   {67, 8, 7},
                        {71, 9, 8},    {100, 33, 600}, {241, 23, 131}, {481, 19, 300}};

const KernelSet* avx2_set() { return core::kernels_for(Isa::Avx2); }

TEST(PackedKernel, MatchesTheFloat64ReferenceAtEveryEdge) {
  const KernelSet* set = avx2_set();
  if (set == nullptr) GTEST_SKIP() << "no AVX2 on this CPU";
  std::mt19937 random(41);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (const core::ScalarType type : {core::ScalarType::F32, core::ScalarType::BF16, core::ScalarType::F16}) {
    for (const Shape& s : shapes) {
      for (const bool accumulate : {false, true}) {
        const Index lda = s.k + 3, ldb = s.k + 5, ldc = s.n + 2;
        std::vector<float> a(static_cast<std::size_t>(s.m * lda));
        for (float& value : a) value = normal(random);
        const Weights w = random_weights(type, static_cast<std::size_t>(s.n * ldb), random);
        std::vector<float> c(static_cast<std::size_t>(s.m * ldc));
        for (float& value : c) value = normal(random);
        const std::vector<float> before = c;
        run(*set, w, s.m, s.n, s.k, a.data(), lda, ldb, c.data(), ldc, accumulate);
        const std::string what = std::string(core::to_string(type)) + " m=" + std::to_string(s.m) +
                                 " n=" + std::to_string(s.n) + " k=" + std::to_string(s.k) +
                                 (accumulate ? " accumulate" : "");
        for (Index i = 0; i < s.m; ++i) {
          for (Index j = 0; j < ldc; ++j) {
            const std::size_t at = static_cast<std::size_t>(i * ldc + j);
            if (j >= s.n) {
              // the stride's padding past column n is never written
              ASSERT_EQ(c[at], before[at]) << what << " row " << i << " padding column " << j;
              continue;
            }
            // C_ref = (C before, if accumulating) + Σ_p a_ip b_jp in float64; bound 4e-6 · Σ|a b|
            double sum = accumulate ? before[at] : 0.0;
            double size = 0.0;
            for (Index p = 0; p < s.k; ++p) {
              const double product = static_cast<double>(a[static_cast<std::size_t>(i * lda + p)]) *
                                     static_cast<double>(w.wide[static_cast<std::size_t>(j * ldb + p)]);
              sum += product;
              size += std::abs(product);
            }
            ASSERT_LE(std::abs(c[at] - sum), 4e-6 * size + 1e-6 * std::abs(sum) + 1e-30)
                << what << " row " << i << " column " << j;
          }
        }
      }
    }
  }
}

// The order of sums: each output is one float32 FMA chain over k in order, restarted at every
// block of 256 values of k and added to C block by block:
//   s_b = fma(a_p, b_p, … fma(a_{p0}, b_{p0}, 0)) over block b;  C = s_0 (or C + s_0), then C += s_b
// A row's bits therefore depend on nothing but that row, its column and k: not on the other rows,
// the column split, nor on trailing zeros of k (on-demand attention leaves the keys a block
// cannot see out of its product; the whole pass multiplies them as α̂ = 0).
TEST(PackedKernel, EachOutputIsOneFmaChainOverKInOrder) {
  const KernelSet* set = avx2_set();
  if (set == nullptr) GTEST_SKIP() << "no AVX2 on this CPU";
  constexpr Index block_k = 256;
  std::mt19937 random(43);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (const core::ScalarType type : {core::ScalarType::F32, core::ScalarType::BF16, core::ScalarType::F16}) {
    for (const Shape& s : shapes) {
      for (const bool accumulate : {false, true}) {
        const Index lda = s.k + 1, ldb = s.k + 2, ldc = s.n + 3;
        std::vector<float> a(static_cast<std::size_t>(s.m * lda));
        for (float& value : a) value = normal(random);
        const Weights w = random_weights(type, static_cast<std::size_t>(s.n * ldb), random);
        std::vector<float> c(static_cast<std::size_t>(s.m * ldc));
        for (float& value : c) value = normal(random);
        std::vector<float> want = c;
        for (Index i = 0; i < s.m; ++i) {
          for (Index j = 0; j < s.n; ++j) {
            float& out = want[static_cast<std::size_t>(i * ldc + j)];
            for (Index p0 = 0; p0 < s.k; p0 += block_k) {
              float chain = 0.0f;
              for (Index p = p0; p < s.k && p < p0 + block_k; ++p) {
                chain = std::fma(a[static_cast<std::size_t>(i * lda + p)], w.wide[static_cast<std::size_t>(j * ldb + p)],
                                 chain);
              }
              out = accumulate || p0 > 0 ? out + chain : chain;
            }
          }
        }
        run(*set, w, s.m, s.n, s.k, a.data(), lda, ldb, c.data(), ldc, accumulate);
        for (std::size_t at = 0; at < c.size(); ++at) {
          ASSERT_EQ(c[at], want[at]) << core::to_string(type) << " m=" << s.m << " n=" << s.n << " k=" << s.k
                                     << (accumulate ? " accumulate" : "") << " element " << at;
        }
      }
    }
  }
}

// b = α̂ v as attend_in_blocks computes it: the rows of one 64-query block over the keys it can
// see (a multiple of 64 under the causal mask) against the whole pass over every key, where the
// keys past each row's own are α̂ = 0. Same bits.
TEST(PackedKernel, AQueryBlockOverTheKeysItSeesGivesTheWholePassBits) {
  const KernelSet* set = avx2_set();
  if (set == nullptr) GTEST_SKIP() << "no AVX2 on this CPU";
  std::mt19937 random(47);
  std::uniform_real_distribution<float> weight(0.0f, 1.0f);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const Index queries = 300, d_k = 64;
  // α̂: row i has keys 0 … i (causal), the rest 0; vᵀ: (d_k, keys)
  std::vector<float> alpha_hat(static_cast<std::size_t>(queries * queries), 0.0f);
  for (Index i = 0; i < queries; ++i) {
    for (Index j = 0; j <= i; ++j) alpha_hat[static_cast<std::size_t>(i * queries + j)] = weight(random);
  }
  std::vector<float> v_transposed(static_cast<std::size_t>(d_k * queries));
  for (float& value : v_transposed) value = normal(random);
  std::vector<float> whole(static_cast<std::size_t>(queries * d_k));
  set->gemm_f32(queries, d_k, queries, alpha_hat.data(), queries, v_transposed.data(), queries, whole.data(), d_k,
                false);
  for (const Index begin : {Index{0}, Index{64}, Index{128}}) {
    const Index rows = 64, seen = begin + rows;
    std::vector<float> block(static_cast<std::size_t>(rows * d_k));
    set->gemm_f32(rows, d_k, seen, alpha_hat.data() + begin * queries, queries, v_transposed.data(), queries,
                  block.data(), d_k, false);
    for (Index i = 0; i < rows; ++i) {
      for (Index j = 0; j < d_k; ++j) {
        ASSERT_EQ(block[static_cast<std::size_t>(i * d_k + j)], whole[static_cast<std::size_t>((begin + i) * d_k + j)])
            << "query " << begin + i << " column " << j;
      }
    }
  }
}

}  // namespace
