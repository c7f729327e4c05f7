#include "tensor/gemm.h"

#include <algorithm>
#include <array>
#include <utility>

#include "tensor/tensor.h"

namespace core {

#if defined(EIGEN_VECTORIZE_AVX512)

namespace {

using Eigen::Index;
// One AVX-512 register: 16 floats.
using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int lanes = Eigen::internal::packet_traits<float>::size;

// Register tile: mr rows of A (tokens) × nr rows of B (output columns). 5 × 5 = 25 accumulators
// plus 5 A registers and 1 B register use 31 of AVX-512's 32; each step loads 10 registers for 25
// FMAs. Measured on BERT-base's shapes (Zen 5) it beat 4 × 6, 6 × 4, 3 × 8 and 2 × 12 by 10–25 %.
constexpr int tile_rows = 5;
constexpr int tile_cols = 5;
// Cache blocking: a k-slice of 768 keeps the 5 B rows (15 KB) in L1 while tokens go past, and a
// 128-token block of A (384 KB) in L2 while the layer's weights stream through once.
constexpr Index block_k = 768;
constexpr Index block_m = 128;

// Sums the lanes of four registers: {Σa, Σb, Σc, Σd}.
inline void reduce4(const Packet& a, const Packet& b, const Packet& c, const Packet& d, float* out) {
  using Eigen::internal::predux_half_dowto4;  // 16 lanes → 8: the two halves added
  const __m256 ab = _mm256_hadd_ps(predux_half_dowto4(a), predux_half_dowto4(b));
  const __m256 cd = _mm256_hadd_ps(predux_half_dowto4(c), predux_half_dowto4(d));
  const __m256 abcd = _mm256_hadd_ps(ab, cd);
  _mm_storeu_ps(out, _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1)));
}

// reduce4 over acc[4g … 4g+3] for every group g, with every index known at compile time (5 %
// faster per tile than a loop indexing acc at run time).
template <int Count, std::size_t... Group>
inline void reduce_groups(const Packet (&acc)[Count], float* sums, std::index_sequence<Group...>) {
  constexpr auto at = [](std::size_t i) { return std::min<std::size_t>(i, Count - 1); };
  (reduce4(acc[at(4 * Group)], acc[at(4 * Group + 1)], acc[at(4 * Group + 2)], acc[at(4 * Group + 3)], &sums[4 * Group]),
   ...);
}

// One MR × NR tile of C over k values: C[i][j] (+)= Σ_p A[i][p] B[j][p]. Along the way it asks for
// PF rows of the next B tile (`next`, rows ldb apart), one cache line of each per step, so those
// weights arrive while this tile computes. PF is a template parameter because a runtime count in
// the loop makes GCC keep the 25 accumulators on the stack (1.5–2× slower).
template <int MR, int NR, int PF>
void tile(Index k, const float* a, Index lda, const float* b, Index ldb, float* c, Index ldc, bool accumulate,
          const float* next) {
  using Eigen::internal::pmadd;
  using Eigen::internal::ploadu;
  // Unrolled so GCC does not turn the loop into a memset of a stack copy (a 1.6 KB store and 25
  // reloads on every tile call).
  Packet acc[MR * NR];
#pragma GCC unroll 32
  for (Packet& value : acc) value = Eigen::internal::pset1<Packet>(0.0f);

  const Index k_vector = k - k % lanes;
  for (Index p = 0; p < k_vector; p += lanes) {
    Packet a_p[MR];
    for (int i = 0; i < MR; ++i) a_p[i] = ploadu<Packet>(a + i * lda + p);
    for (int r = 0; r < PF; ++r) _mm_prefetch(reinterpret_cast<const char*>(next + r * ldb + p), _MM_HINT_NTA);
    for (int j = 0; j < NR; ++j) {
      const Packet b_p = ploadu<Packet>(b + j * ldb + p);
      for (int i = 0; i < MR; ++i) acc[i * NR + j] = pmadd(a_p[i], b_p, acc[i * NR + j]);
    }
  }

  // Horizontal sums, four registers at a time. The last group repeats its final register, so every
  // output's lanes are summed in the same order wherever it falls in a tile: the result does not
  // depend on how the columns were split across threads.
  constexpr int count = MR * NR;
  float sums[count + 3];
  reduce_groups<count>(acc, sums, std::make_index_sequence<(count + 3) / 4>{});

  // The last k % lanes values (only for widths that are not a multiple of the register).
  for (Index p = k_vector; p < k; ++p) {
    for (int i = 0; i < MR; ++i) {
      for (int j = 0; j < NR; ++j) sums[i * NR + j] += a[i * lda + p] * b[j * ldb + p];
    }
  }
  for (int i = 0; i < MR; ++i) {
    float* row = c + i * ldc;
    for (int j = 0; j < NR; ++j) row[j] = accumulate ? row[j] + sums[i * NR + j] : sums[i * NR + j];
  }
}

using TileFunction = void (*)(Index, const float*, Index, const float*, Index, float*, Index, bool, const float*);

template <int MR, std::size_t... J>
constexpr std::array<TileFunction, tile_cols> tile_row(std::index_sequence<J...>) {
  return {&tile<MR, static_cast<int>(J) + 1, 0>...};
}

template <int MR, std::size_t... R>
constexpr std::array<TileFunction, tile_cols> prefetching_row(std::index_sequence<R...>) {
  return {&tile<MR, tile_cols, static_cast<int>(R) + 1>...};
}

// tiles[mr - 1][nr - 1] handles an mr × nr tile; the edges of C use the smaller ones.
template <std::size_t... I>
constexpr std::array<std::array<TileFunction, tile_cols>, tile_rows> make_tiles(std::index_sequence<I...>) {
  return {tile_row<static_cast<int>(I) + 1>(std::make_index_sequence<tile_cols>{})...};
}
constexpr auto tiles = make_tiles(std::make_index_sequence<tile_rows>{});

// prefetching_tiles[mr - 1][rows - 1]: an mr × tile_cols tile that also prefetches `rows` rows. Only
// full-width tiles prefetch: a narrower one is the last of C's columns, with nothing after it.
template <std::size_t... I>
constexpr std::array<std::array<TileFunction, tile_cols>, tile_rows> make_prefetching_tiles(std::index_sequence<I...>) {
  return {prefetching_row<static_cast<int>(I) + 1>(std::make_index_sequence<tile_cols>{})...};
}
constexpr auto prefetching_tiles = make_prefetching_tiles(std::make_index_sequence<tile_rows>{});

}  // namespace

void gemm_nt(Index m, Index n, Index k, const float* a, Index lda, const float* b, Index ldb, float* c, Index ldc,
             bool accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (Index i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
    }
    return;
  }
  for (Index p0 = 0; p0 < k; p0 += block_k) {
    const Index kc = std::min(block_k, k - p0);
    const bool add = accumulate || p0 > 0;
    for (Index i0 = 0; i0 < m; i0 += block_m) {
      const Index mc = std::min(block_m, m - i0);
      const Index row_tiles = (mc + tile_rows - 1) / tile_rows;
      for (Index j = 0; j < n; j += tile_cols) {
        const Index nr = std::min<Index>(tile_cols, n - j);
        // The first row tile reads this B tile from memory and the others reuse it from L1. Those
        // others prefetch the next B tile's rows between them, so the weights stream in while the
        // arithmetic runs rather than between it; a lone row tile prefetches them all itself.
        const Index next_rows = std::min<Index>(tile_cols, n - j - nr);
        const Index first_prefetcher = row_tiles == 1 ? 0 : 1;
        const Index prefetchers = std::min(row_tiles - first_prefetcher, next_rows);
        for (Index t = 0; t < row_tiles; ++t) {
          const Index i = i0 + t * tile_rows;
          const Index mr = std::min<Index>(tile_rows, i0 + mc - i);
          const Index share = t - first_prefetcher;
          const bool prefetches = share >= 0 && share < prefetchers;
          const Index first_row = prefetches ? next_rows * share / prefetchers : 0;
          const Index rows = prefetches ? next_rows * (share + 1) / prefetchers - first_row : 0;
          const TileFunction kernel = rows > 0 ? prefetching_tiles[mr - 1][rows - 1] : tiles[mr - 1][nr - 1];
          const float* next = rows > 0 ? b + (j + nr + first_row) * ldb + p0 : nullptr;
          kernel(kc, a + i * lda + p0, lda, b + j * ldb + p0, ldb, c + i * ldc + j, ldc, add, next);
        }
      }
    }
  }
}

#else

// Without AVX-512's 32 registers the 4 × 6 tile spills, and Eigen's own product (which packs
// both operands into its 48 × 4 or 24 × 4 kernel) is the faster one.
void gemm_nt(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
             Eigen::Index ldb, float* c, Eigen::Index ldc, bool accumulate) {
  using Stride = Eigen::OuterStride<>;
  const Eigen::Map<const RowMatrix, 0, Stride> a_map(a, m, k, Stride(lda));
  const Eigen::Map<const RowMatrix, 0, Stride> b_map(b, n, k, Stride(ldb));
  Eigen::Map<RowMatrix, 0, Stride> c_map(c, m, n, Stride(ldc));
  if (accumulate) c_map.noalias() += a_map * b_map.transpose();
  else c_map.noalias() = a_map * b_map.transpose();
}

#endif

}  // namespace core
