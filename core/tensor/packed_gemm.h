#pragma once
// The AVX-512 kernel for longer inputs (many rows of A): C = A Bᵀ as outer products, the way BLIS
// and OpenBLAS do it. B's rows (a weight's output columns) are copied, a panel of 32 at a time, into
// a k-major panel (widened to float32 as they are copied, so the stored type no longer matters);
// then a 12 × 32 tile of C lives in 24 registers, and each step over k loads two vectors of the
// panel and broadcasts 12 values of A into 24 FMAs. No horizontal sums, no tile edges in k.
// Packing costs one pass over B per call, which pays from about 8 rows of A on (kernels_avx512.cpp);
// dot_gemm.h's in-place kernel serves fewer rows, such as a generation step's one, and for float32
// weights broadcast_gemm.h serves 8 to 63 rows without copying B at all.
//
// bfloat16 × bfloat16 (the fast precision) packs pairs of k values side by side, as vdpbf16ps
// multiplies them: panel[p/2][j] = {B[j][p], B[j][p+1]}, and A's pairs are broadcast as 32 bits.
//
// Included inside a kernel unit's anonymous namespace after dot_gemm.h and avx512_ops.h.

namespace packed_gemm {

using Index = core::KernelIndex;

constexpr int tile_rows = 12;  // rows of A per tile: 12 × 2 = 24 accumulators of 32
constexpr int panel_cols = 32;  // columns of C per panel: two registers
constexpr Index block_k = 256;  // a 32-column panel of 256 k values is 32 KB: it stays in L1

// From this many rows of A on, packing B's panels pays for itself: a 16-token BERT-base pass on
// one thread took 75 ms packed against 125–147 ms in place (alternate runs); a single row (a
// generation step) would copy every weight once for one use.
constexpr Index packed_from_rows = 8;

// Transposes 16 rows of 16 floats in registers: afterwards r[i] holds what was column i.
// Three rounds: pairs of rows interleaved, 4 × 4 blocks within each 128-bit lane, then the lanes.
inline void transpose16(__m512 (&r)[16]) {
  __m512 t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    r[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    r[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    r[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  // r[4g + c] now holds rows 4g … 4g+3 of columns c, c + 4, c + 8, c + 12 (one per 128-bit lane).
  for (int c = 0; c < 4; ++c) {
    t[c] = _mm512_shuffle_f32x4(r[c], r[4 + c], 0x88);        // columns c and c + 8 of rows 0–7
    t[4 + c] = _mm512_shuffle_f32x4(r[c], r[4 + c], 0xDD);    // columns c + 4 and c + 12 of rows 0–7
    t[8 + c] = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0x88);
    t[12 + c] = _mm512_shuffle_f32x4(r[8 + c], r[12 + c], 0xDD);
  }
  for (int c = 0; c < 8; ++c) {
    r[c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0x88);      // column c
    r[8 + c] = _mm512_shuffle_f32x4(t[c], t[8 + c], 0xDD);  // column c + 8
  }
}

// Column j of the panel for k values [p0, p0 + kc): panel[p * 32 + j] = value of B[j][p0 + p].
// Columns past n (the last panel) are zero. Sixteen rows at a time are read along k (contiguous),
// widened and transposed in registers; the last kc % 16 values one by one.
template <class Widen, class W>
void pack_panel(const W* b, Index ldb, Index columns, Index p0, Index kc, float* panel) {
  const Index kc_vector = kc - kc % 16;
  for (Index j0 = 0; j0 < panel_cols; j0 += 16) {
    for (Index p = 0; p < kc_vector; p += 16) {
      __m512 rows[16];
      for (Index j = 0; j < 16; ++j) {
        rows[j] = j0 + j < columns ? Widen::load_b(b + (j0 + j) * ldb + p0 + p) : _mm512_setzero_ps();
      }
      transpose16(rows);
      for (Index i = 0; i < 16; ++i) _mm512_storeu_ps(panel + (p + i) * panel_cols + j0, rows[i]);
    }
  }
  for (Index p = kc_vector; p < kc; ++p) {
    for (Index j = 0; j < panel_cols; ++j) panel[p * panel_cols + j] = j < columns ? Widen::value_b(b[j * ldb + p0 + p]) : 0.0f;
  }
}

// Writes (or adds) an MR × 32 tile of sums to C, only its first `columns` columns.
template <int MR>
inline void store_tile(__m512 (&acc)[MR][2], float* c, Index ldc, Index columns, bool accumulate) {
  const __mmask16 low = columns >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << columns) - 1u);
  const __mmask16 high =
      columns >= 32 ? __mmask16(0xFFFF) : columns <= 16 ? __mmask16(0) : static_cast<__mmask16>((1u << (columns - 16)) - 1u);
  for (int i = 0; i < MR; ++i) {
    float* row = c + i * ldc;
    if (accumulate) {
      acc[i][0] = _mm512_add_ps(acc[i][0], _mm512_maskz_loadu_ps(low, row));
      acc[i][1] = _mm512_add_ps(acc[i][1], _mm512_maskz_loadu_ps(high, row + 16));
    }
    _mm512_mask_storeu_ps(row, low, acc[i][0]);
    _mm512_mask_storeu_ps(row + 16, high, acc[i][1]);
  }
}

// The cache lines of the next panel's B rows (the weights the next panel packs), which the first
// tile of each panel prefetches into L2 while its arithmetic runs: without it packing waits on
// memory, 35 % of a 16-token BERT-base pass and 14 % of a 128-token one (perf, one thread).
struct NextPanel {
  const char* first_row = nullptr;  // B[j_next][p0_next]; nullptr: no next panel
  Index row_bytes = 0;              // ldb in bytes
  Index rows = 0;                   // the next panel's columns (≤ 32)
  Index lines_per_row = 0;          // 64-byte lines covering kc values of a row, plus one for a row not aligned to 64
  Index lines_per_step = 0;         // prefetches per step over k, so that all lines are asked for within the tile
};

template <class W>
NextPanel next_panel(const W* b, Index ldb, Index n, Index k, Index j, Index p0) {
  Index j_next = j + panel_cols;
  Index p0_next = p0;
  if (j_next >= n) {
    j_next = 0;
    p0_next = p0 + block_k;
  }
  NextPanel next;
  if (p0_next >= k) return next;
  const Index kc_next = dot_gemm::min_index(block_k, k - p0_next);
  const Index kc = dot_gemm::min_index(block_k, k - p0);
  next.first_row = reinterpret_cast<const char*>(b + j_next * ldb + p0_next);
  next.row_bytes = ldb * static_cast<Index>(sizeof(W));
  next.rows = dot_gemm::min_index(panel_cols, n - j_next);
  next.lines_per_row = (kc_next * static_cast<Index>(sizeof(W)) + 63) / 64 + 1;
  next.lines_per_step = (next.rows * next.lines_per_row + kc - 1) / kc;
  return next;
}

// One tile: C[i][j] (+)= Σ_p A[i][p] panel[p][j] for MR rows and the panel's 32 columns, of which
// `columns` are stored. With Prefetch, step p also asks for lines p·s … p·s + s − 1 of the next
// panel (s = lines_per_step), numbered row by row.
template <int MR, bool Prefetch>
void tile_f32(Index kc, const float* a, Index lda, const float* panel, float* c, Index ldc, Index columns,
              bool accumulate, const NextPanel& next) {
  __m512 acc[MR][2];
#pragma GCC unroll 32
  for (int i = 0; i < MR; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  // the next line to prefetch: row `row` of the next panel, `in_row` lines into it
  Index row = 0;
  Index in_row = 0;
  for (Index p = 0; p < kc; ++p) {
    if constexpr (Prefetch) {
      for (Index s = 0; s < next.lines_per_step && row < next.rows; ++s) {
        _mm_prefetch(next.first_row + row * next.row_bytes + in_row * 64, _MM_HINT_T1);
        if (++in_row == next.lines_per_row) {
          in_row = 0;
          ++row;
        }
      }
    }
    const __m512 b0 = _mm512_loadu_ps(panel + p * panel_cols);
    const __m512 b1 = _mm512_loadu_ps(panel + p * panel_cols + 16);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const __m512 a_ip = _mm512_set1_ps(a[i * lda + p]);
      acc[i][0] = _mm512_fmadd_ps(a_ip, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(a_ip, b1, acc[i][1]);
    }
  }
  store_tile<MR>(acc, c, ldc, columns, accumulate);
}

using TileF32 = void (*)(Index, const float*, Index, const float*, float*, Index, Index, bool, const NextPanel&);

template <bool Prefetch, int MR = 1>
constexpr TileF32 pick_tile_f32(int rows) {
  if constexpr (MR < tile_rows) {
    if (rows > MR) return pick_tile_f32<Prefetch, MR + 1>(rows);
  }
  return &tile_f32<MR, Prefetch>;
}

// C (+)= A Bᵀ with B of any stored type (Widen::value_b widens one element).
template <class Widen, class W>
void gemm(Index m, Index n, Index k, const float* a, Index lda, const W* b, Index ldb, float* c, Index ldc,
          bool accumulate) {
  if (dot_gemm::empty_product(m, n, k, c, ldc, accumulate)) return;
  alignas(64) float panel[block_k * panel_cols];
  for (Index p0 = 0; p0 < k; p0 += block_k) {
    const Index kc = dot_gemm::min_index(block_k, k - p0);
    const bool add = accumulate || p0 > 0;
    for (Index j = 0; j < n; j += panel_cols) {
      const Index columns = dot_gemm::min_index(panel_cols, n - j);
      pack_panel<Widen>(b + j * ldb, ldb, columns, p0, kc, panel);
      const NextPanel next = next_panel(b, ldb, n, k, j, p0);
      for (Index i = 0; i < m; i += tile_rows) {
        const Index rows = dot_gemm::min_index(tile_rows, m - i);
        // the panel's first tile prefetches the next panel's weights
        const TileF32 tile = i == 0 && next.first_row != nullptr ? pick_tile_f32<true>(static_cast<int>(rows))
                                                                  : pick_tile_f32<false>(static_cast<int>(rows));
        tile(kc, a + i * lda + p0, lda, panel, c + i * ldc + j, ldc, columns, add, next);
      }
    }
  }
}

}  // namespace packed_gemm
