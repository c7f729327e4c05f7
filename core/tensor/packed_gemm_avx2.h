#pragma once
// The AVX2 kernel for longer inputs (many rows of A): C = A Bᵀ as outer products, the AVX2 twin of
// packed_gemm.h (AVX-512). B's rows (a weight's output columns) are copied, 16 at a time, into a
// k-major panel, widened to float32 as they are copied (so the stored type no longer matters):
//
//   panel[p][j] = B[j0 + j][p0 + p]     (16 columns × up to 256 values of k: 16 KB, in L1)
//
// then a 6 × 16 tile of C lives in 12 registers, and each step over k loads two registers of the
// panel and broadcasts 6 values of A, read in place, for 12 FMAs (15 of the 16 ymm registers):
//
//   C[i][j0 … j0+15] += A[i][p] · panel[p][0 … 15]     for the tile's 6 rows i
//
// No horizontal sums and no tile edges in k: every output is one chain of FMAs over k in order,
// so its bits do not depend on which rows or columns are computed with it (kernels_test.cpp). A is
// taken in blocks of rows that stay in L2 (block_m × block_k floats) while the panels go past.
// Why not A packed too: that 6 × 16 variant lost to the in-place tile (docs/performance.md, issue 14).
//
// Included inside kernels_avx2.cpp's anonymous namespace after dot_gemm.h; Widen is one of that
// unit's dot policies (load_b: 8 values of B as float32; value_b: one).

namespace packed_gemm_avx2 {

using Index = core::KernelIndex;

constexpr int tile_rows = 6;    // rows of A per tile: 6 × 2 = 12 accumulators of 8
constexpr int panel_cols = 16;  // columns of C per panel: two registers
constexpr Index block_k = 256;  // a 16-column panel of 256 k values is 16 KB: half of a 32 KB L1
// Rows of A per block: 240 × 256 floats is 240 KB, half of a 512 KB L2, so a block of A stays in
// L2 while every panel of B goes past it (B is packed again for each block).
constexpr Index block_m = 240;

// Transposes 8 rows of 8 floats in registers: afterwards r[i] holds what was column i.
// Pairs of rows interleaved, then 4 × 4 blocks within each 128-bit lane, then the lanes.
inline void transpose8(__m256 (&r)[8]) {
  __m256 t[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  // s[4g + c] holds rows 4g … 4g+3 of column c (low lane) and of column c + 4 (high lane)
  __m256 s[8];
  for (int g = 0; g < 8; g += 4) {
    s[g] = _mm256_shuffle_ps(t[g], t[g + 2], _MM_SHUFFLE(1, 0, 1, 0));
    s[g + 1] = _mm256_shuffle_ps(t[g], t[g + 2], _MM_SHUFFLE(3, 2, 3, 2));
    s[g + 2] = _mm256_shuffle_ps(t[g + 1], t[g + 3], _MM_SHUFFLE(1, 0, 1, 0));
    s[g + 3] = _mm256_shuffle_ps(t[g + 1], t[g + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int c = 0; c < 4; ++c) {
    r[c] = _mm256_permute2f128_ps(s[c], s[4 + c], 0x20);      // column c
    r[c + 4] = _mm256_permute2f128_ps(s[c], s[4 + c], 0x31);  // column c + 4
  }
}

// panel[p * 16 + j] = B[j][p] for p < kc, with b at B[0][p0]; columns past `columns` (the last
// panel) are zero. Eight rows at a time are read along k (contiguous), widened and transposed in
// registers; the last kc % 8 values one by one.
template <class Widen, class W>
void pack_panel(const W* b, Index ldb, Index columns, Index kc, float* panel) {
  const Index kc_vector = kc - kc % 8;
  for (Index j0 = 0; j0 < panel_cols; j0 += 8) {
    for (Index p = 0; p < kc_vector; p += 8) {
      __m256 rows[8];
      for (Index j = 0; j < 8; ++j) {
        rows[j] = j0 + j < columns ? Widen::load_b(b + (j0 + j) * ldb + p) : _mm256_setzero_ps();
      }
      transpose8(rows);
      for (Index i = 0; i < 8; ++i) _mm256_store_ps(panel + (p + i) * panel_cols + j0, rows[i]);
    }
  }
  for (Index p = kc_vector; p < kc; ++p) {
    for (Index j = 0; j < panel_cols; ++j) panel[p * panel_cols + j] = j < columns ? Widen::value_b(b[j * ldb + p]) : 0.0f;
  }
}

// Lanes l < count set (count in 0 … 8), for masked loads and stores of a row's last columns.
inline __m256i lanes_below(Index count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// One tile: C[i][j] (+)= Σ_p A[i][p] panel[p][j] for MR rows and the panel's 16 columns, of which
// `columns` are stored; p runs over the kc values in order. The accumulators are two arrays of
// registers indexed only by unrolled loops: with a two-dimensional array GCC kept a copy on the
// stack and stored all 12 registers on every step over k.
template <int MR>
void tile(Index kc, const float* a, Index lda, const float* panel, float* c, Index ldc, Index columns,
          bool accumulate) {
  __m256 low[MR];   // columns 0 … 7 of each row
  __m256 high[MR];  // columns 8 … 15
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) low[i] = high[i] = _mm256_setzero_ps();
  if (accumulate) {
    // The tile's rows of C, which the sums are added to at the end: after the first k block C
    // (m × n floats, 1.5 MB at 512 × 768) has left L2, and without this the tile waits for them.
    // 9–15 % faster at 512 × 768 × 768 and 512 × 1024 × 2048 (bf16), one thread, alternating.
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
      _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + panel_cols - 1), _MM_HINT_T0);
    }
  }
#pragma GCC unroll 4
  for (Index p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_load_ps(panel + p * panel_cols);
    const __m256 b1 = _mm256_load_ps(panel + p * panel_cols + 8);
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      // C[i][j] += A[i][p] · panel[p][j]
      const __m256 a_ip = _mm256_broadcast_ss(a + i * lda + p);
      low[i] = _mm256_fmadd_ps(a_ip, b0, low[i]);
      high[i] = _mm256_fmadd_ps(a_ip, b1, high[i]);
    }
  }
  if (columns == panel_cols) {
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      float* row = c + i * ldc;
      if (accumulate) {
        low[i] = _mm256_add_ps(low[i], _mm256_loadu_ps(row));
        high[i] = _mm256_add_ps(high[i], _mm256_loadu_ps(row + 8));
      }
      _mm256_storeu_ps(row, low[i]);
      _mm256_storeu_ps(row + 8, high[i]);
    }
    return;
  }
  // the last panel of C's columns: only the first `columns` lanes are read and written
  const __m256i low_lanes = lanes_below(columns < 8 ? columns : 8);
  const __m256i high_lanes = lanes_below(columns > 8 ? columns - 8 : 0);
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    float* row = c + i * ldc;
    if (accumulate) {
      low[i] = _mm256_add_ps(low[i], _mm256_maskload_ps(row, low_lanes));
      high[i] = _mm256_add_ps(high[i], _mm256_maskload_ps(row + 8, high_lanes));
    }
    _mm256_maskstore_ps(row, low_lanes, low[i]);
    _mm256_maskstore_ps(row + 8, high_lanes, high[i]);
  }
}

using Tile = void (*)(Index, const float*, Index, const float*, float*, Index, Index, bool);

template <int MR = 1>
constexpr Tile pick_tile(Index rows) {
  if constexpr (MR < tile_rows) {
    if (rows > MR) return pick_tile<MR + 1>(rows);
  }
  return &tile<MR>;
}

// C (+)= A Bᵀ, A (m, k) float32 in place, B (n, k) of any stored type (Widen widens it), C (m, n).
template <class Widen, class W>
void gemm(Index m, Index n, Index k, const float* a, Index lda, const W* b, Index ldb, float* c, Index ldc,
          bool accumulate) {
  if (dot_gemm::empty_product(m, n, k, c, ldc, accumulate)) return;
  alignas(32) float panel[block_k * panel_cols];
  // blocks of A's rows of about equal size, each a multiple of the tile's 6 rows
  const Index row_blocks = (m + block_m - 1) / block_m;
  const Index per_block = (m + row_blocks - 1) / row_blocks;
  const Index mc = (per_block + tile_rows - 1) / tile_rows * tile_rows;
  for (Index p0 = 0; p0 < k; p0 += block_k) {
    const Index kc = dot_gemm::min_index(block_k, k - p0);
    // C = Σ over k blocks in order: the first block writes C (unless accumulating), the rest add
    const bool add = accumulate || p0 > 0;
    for (Index i0 = 0; i0 < m; i0 += mc) {
      const Index i_end = dot_gemm::min_index(m, i0 + mc);
      for (Index j = 0; j < n; j += panel_cols) {
        const Index columns = dot_gemm::min_index(panel_cols, n - j);
        pack_panel<Widen>(b + j * ldb + p0, ldb, columns, kc, panel);
        for (Index i = i0; i < i_end; i += tile_rows) {
          const Tile kernel = pick_tile(dot_gemm::min_index(tile_rows, i_end - i));
          kernel(kc, a + i * lda + p0, lda, panel, c + i * ldc + j, ldc, columns, add);
        }
      }
    }
  }
}

}  // namespace packed_gemm_avx2
