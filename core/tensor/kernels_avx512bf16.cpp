// The AVX-512-BF16 kernel set: the AVX-512 set (kernels_avx512.cpp) with bfloat16 dot products
// (vdpbf16ps: 32 products per instruction into 16 float32 sums) and hardware rounding to bfloat16
// (vcvtneps2bf16). Whether the dot products beat float32 FMAs depends on the CPU: twice their FLOP
// rate on the AMD Zen 5 of the kernels issue, half of it on the Intel Xeon measured here
// (KernelSet::bf16_dot_products).
// Intrinsics only: see kernels.h.

#include <immintrin.h>

#include <cstdint>

#include "tensor/kernels.h"
#include "tensor/log_polynomial.h"

namespace core {

namespace {

#include "tensor/dot_gemm.h"
#include "tensor/avx512_ops.h"
#include "tensor/packed_gemm.h"

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

// The packed form for longer inputs (see packed_gemm.h): the panel holds, for each pair of k
// values and each of 32 columns, the two bfloat16 weights side by side in 32 bits, as vdpbf16ps
// reads them; A's pair is broadcast. An odd last k value is paired with a zero.
namespace packed_bf16 {

using Index = KernelIndex;
using packed_gemm::panel_cols;
using packed_gemm::tile_rows;
constexpr Index block_pairs = 256;  // 256 pairs × 32 columns × 4 bytes = 32 KB: the panel stays in L1

std::uint32_t pair_at(const std::uint16_t* row, Index p, Index end) {
  const std::uint32_t low = row[p];
  const std::uint32_t high = p + 1 < end ? row[p + 1] : 0u;
  return low | (high << 16);
}

// panel[q * 32 + j] = the pair {B[j][p0 + 2q], B[j][p0 + 2q + 1]}: a pair is 32 bits, so whole
// pairs are a 16 × 16 transpose of 32-bit values in registers (packed_gemm::transpose16 moves bits,
// whatever they mean), 16 columns × 16 pairs at a time; the last pairs (and an odd last value) one
// by one. Columns past `columns` are zero.
void pack_panel(const std::uint16_t* b, Index ldb, Index columns, Index p0, Index pairs, Index k,
                std::uint32_t* panel) {
  const Index whole = dot_gemm::min_index(pairs, (k - p0) / 2);
  const Index vector_pairs = whole - whole % 16;
  for (Index j0 = 0; j0 < panel_cols; j0 += 16) {
    for (Index q = 0; q < vector_pairs; q += 16) {
      __m512 rows[16];
      for (Index j = 0; j < 16; ++j) {
        rows[j] = j0 + j < columns ? _mm512_castsi512_ps(_mm512_loadu_si512(b + (j0 + j) * ldb + p0 + 2 * q))
                                   : _mm512_setzero_ps();
      }
      packed_gemm::transpose16(rows);
      for (Index i = 0; i < 16; ++i) _mm512_storeu_ps(reinterpret_cast<float*>(panel + (q + i) * panel_cols + j0), rows[i]);
    }
  }
  for (Index q = vector_pairs; q < pairs; ++q) {
    for (Index j = 0; j < panel_cols; ++j) {
      panel[q * panel_cols + j] = j < columns ? pair_at(b + j * ldb, p0 + 2 * q, k) : 0u;
    }
  }
}

// One step over a pair of k values: the panel's two registers of 32 columns against MR rows' pairs.
template <int MR, bool Whole>
inline void tile_step(__m512 (&acc)[MR][2], Index q, const std::uint16_t* a, Index lda, Index p0, Index k,
                      const std::uint32_t* panel) {
  const __m512bh b0 = (__m512bh)_mm512_loadu_si512(panel + q * panel_cols);
  const __m512bh b1 = (__m512bh)_mm512_loadu_si512(panel + q * panel_cols + 16);
  const Index p = p0 + 2 * q;
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i) {
    std::uint32_t pair;
    if constexpr (Whole) __builtin_memcpy(&pair, a + i * lda + p, sizeof pair);
    else pair = pair_at(a + i * lda, p, k);
    const __m512bh a_pair = (__m512bh)_mm512_set1_epi32(static_cast<int>(pair));
    acc[i][0] = _mm512_dpbf16_ps(acc[i][0], a_pair, b0);
    acc[i][1] = _mm512_dpbf16_ps(acc[i][1], a_pair, b1);
  }
}

template <int MR>
void tile(Index pairs, const std::uint16_t* a, Index lda, Index p0, Index k, const std::uint32_t* panel, float* c,
          Index ldc, Index columns, bool accumulate) {
  __m512 acc[MR][2];
#pragma GCC unroll 32
  for (int i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  // Whole pairs are broadcast straight from A (vpbroadcastd from memory) in a loop of their own,
  // which leaves the registers to the row pointers; an odd last value of the row is paired with a
  // zero.
  const Index whole = dot_gemm::min_index(pairs, (k - p0) / 2);
  for (Index q = 0; q < whole; ++q) tile_step<MR, true>(acc, q, a, lda, p0, k, panel);
  for (Index q = whole; q < pairs; ++q) tile_step<MR, false>(acc, q, a, lda, p0, k, panel);
  packed_gemm::store_tile<MR>(acc, c, ldc, columns, accumulate);
}

using Tile = void (*)(Index, const std::uint16_t*, Index, Index, Index, const std::uint32_t*, float*, Index, Index, bool);

template <int MR = 1>
constexpr Tile pick_tile(int rows) {
  if constexpr (MR < tile_rows) {
    if (rows > MR) return pick_tile<MR + 1>(rows);
  }
  return &tile<MR>;
}

void gemm(Index m, Index n, Index k, const std::uint16_t* a, Index lda, const std::uint16_t* b, Index ldb, float* c,
          Index ldc, bool accumulate) {
  if (dot_gemm::empty_product(m, n, k, c, ldc, accumulate)) return;
  alignas(64) std::uint32_t panel[block_pairs * panel_cols];
  for (Index p0 = 0; p0 < k; p0 += 2 * block_pairs) {
    const Index pairs = dot_gemm::min_index(block_pairs, (k - p0 + 1) / 2);
    const bool add = accumulate || p0 > 0;
    for (Index j = 0; j < n; j += panel_cols) {
      const Index columns = dot_gemm::min_index(panel_cols, n - j);
      pack_panel(b + j * ldb, ldb, columns, p0, pairs, k, panel);
      for (Index i = 0; i < m; i += tile_rows) {
        const Index rows = dot_gemm::min_index(tile_rows, m - i);
        pick_tile(static_cast<int>(rows))(pairs, a + i * lda, lda, p0, k, panel, c + i * ldc + j, ldc, columns, add);
      }
    }
  }
}

}  // namespace packed_bf16

void gemm_bf16(KernelIndex m, KernelIndex n, KernelIndex k, const std::uint16_t* a, KernelIndex lda,
               const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate) {
  if (m >= packed_gemm::packed_from_rows) packed_bf16::gemm(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  else dot_gemm::gemm<Avx512, DotBf16>(m, n, k, a, lda, b, ldb, c, ldc, accumulate);
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
  __builtin_cpu_init();
  set.bf16_dot_products = __builtin_cpu_is("amd");
  set.gemm_bf16 = gemm_bf16;
  set.round_to_bf16 = round_to_bf16;
  return set;
}

}  // namespace core
