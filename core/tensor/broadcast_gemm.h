#pragma once
// The AVX-512 kernel for float32 weights and a modest number of rows of A (tokens): C = A Bᵀ with
// the weight B read where it is stored, without packing it. A (a few tokens' activations) is
// copied once, transposed, so that 16 tokens' values of one k sit in one register; each step over
// k then loads up to three such registers (48 tokens) and broadcasts one weight of each of 8
// weight rows straight from the checkpoint, for up to 24 FMAs:
//
//   C[i][j] = Σ_p A[i][p] B[j][p]   →   acc[v][r] += Aᵀ[p][16v … 16v+15] · B[j0 + r][p]
//
// so a register holds one output column for 16 tokens, and is written back through a scatter once
// per tile. packed_gemm.h instead copies 32 weight rows into a k-major panel for every call; that
// copy streams every weight through the shuffle unit and waited on memory for 35 % of a 16-token
// BERT-base pass and 14 % of a 128-token one (perf, one thread). Here the weights are read once,
// in order, by plain loads; only A, small, is transposed. For more rows Aᵀ crowds the caches and
// packed_gemm.h, which keeps A's rows in place, takes over (broadcast_below_rows).
//
// Included inside kernels_avx512.cpp's anonymous namespace after dot_gemm.h and packed_gemm.h.
// Requires <cstdlib> (std::malloc and std::free are library functions, not inline code).

namespace broadcast_gemm {

using Index = core::KernelIndex;

// Up to this many rows of A (exclusive) this kernel serves float32 weights; packed_gemm.h from
// there on. Measured on an Intel Xeon (family 6, model 207; BM_GemmNt, CPU time, alternating
// builds on a loaded host): at 16 rows 84 GFLOP/s against the packed kernel's 70; at 128 rows it
// lost (91 against 110 for k = 3072, where Aᵀ is 1.5 MiB and leaves L1 and most of L2 to it).
constexpr Index broadcast_below_rows = 64;

constexpr int rows_per_tile = 8;  // weight rows r per tile: 8 × 3 = 24 accumulators
constexpr int max_vectors = 3;    // registers of 16 tokens per tile

// Aᵀ, padded: at[p * width + i] = A[i][p] for i < m, and 0 for m ≤ i < width (width = m rounded up
// to 16). Blocks of 16 tokens × 16 values of k are read along k and transposed in registers
// (packed_gemm::transpose16); the last k % 16 values through masked loads and stores.
inline void pack_a_transposed(Index m, Index k, const float* a, Index lda, Index width, float* at) {
  for (Index i0 = 0; i0 < width; i0 += 16) {
    for (Index p = 0; p < k; p += 16) {
      const Index left = k - p;
      const __mmask16 mask = left >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u);
      __m512 rows[16];
      for (Index i = 0; i < 16; ++i) {
        rows[i] = i0 + i < m ? _mm512_maskz_loadu_ps(mask, a + (i0 + i) * lda + p) : _mm512_setzero_ps();
      }
      packed_gemm::transpose16(rows);
      for (Index q = 0; q < 16 && q < left; ++q) _mm512_storeu_ps(at + (p + q) * width + i0, rows[q]);
    }
  }
}

// One tile: NR weight rows (B[0 … NR−1], ldb apart) against V registers of 16 tokens (Aᵀ columns
// from `at`, `width` apart per k), over all k. `tokens` of the V × 16 are real (the rest is
// padding and is not stored). C[i][r] is written at c + i · ldc + r.
template <int V, int NR>
void tile(Index k, const float* at, Index width, const float* b, Index ldb, float* c, Index ldc, Index tokens,
          bool accumulate) {
  __m512 acc[V][NR];
#pragma GCC unroll 32
  for (int v = 0; v < V; ++v) {
#pragma GCC unroll 32
    for (int r = 0; r < NR; ++r) acc[v][r] = _mm512_setzero_ps();
  }
  for (Index p = 0; p < k; ++p) {
    // Each weight row crosses a cache line every 16 steps: one row's line 2 KB ahead every other
    // step keeps all eight arriving before they are read (the first tile of a row block reads them
    // from memory; the others find them in cache).
    if ((p & 1) == 0 && ((p >> 1) & 7) < NR) {
      _mm_prefetch(reinterpret_cast<const char*>(b + ((p >> 1) & 7) * ldb + p + 512), _MM_HINT_T0);
    }
    __m512 a_p[V];
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) a_p[v] = _mm512_loadu_ps(at + p * width + 16 * v);
#pragma GCC unroll 8
    for (int r = 0; r < NR; ++r) {
      const __m512 b_rp = _mm512_set1_ps(b[r * ldb + p]);
#pragma GCC unroll 4
      for (int v = 0; v < V; ++v) acc[v][r] = _mm512_fmadd_ps(a_p[v], b_rp, acc[v][r]);
    }
  }
  // C[16v + l][r] = lane l of acc[v][r]: a scatter down the column, rows ldc apart.
  const __m512i down = _mm512_mullo_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
                                          _mm512_set1_epi32(static_cast<int>(ldc)));
#pragma GCC unroll 4
  for (int v = 0; v < V; ++v) {
    const Index left = tokens - 16 * v;
    const __mmask16 mask = left >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << left) - 1u);
    float* column = c + 16 * v * ldc;
#pragma GCC unroll 8
    for (int r = 0; r < NR; ++r) {
      __m512 value = acc[v][r];
      if (accumulate) value = _mm512_add_ps(value, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), mask, down, column + r, 4));
      _mm512_mask_i32scatter_ps(column + r, mask, down, value, 4);
    }
  }
}

using Tile = void (*)(Index, const float*, Index, const float*, Index, float*, Index, Index, bool);

// tile<V, NR> for 1 ≤ V ≤ 3 and 1 ≤ NR ≤ 8, looked up at run time for the edges.
template <int V = 1, int NR = 1>
constexpr Tile pick_tile(int vectors, int rows) {
  if constexpr (NR < rows_per_tile) {
    if (rows > NR) return pick_tile<V, NR + 1>(vectors, rows);
  }
  if constexpr (V < max_vectors) {
    if (vectors > V) return pick_tile<V + 1, NR>(vectors, rows);
  }
  return &tile<V, NR>;
}

// Owns a malloc'ed buffer (the unit may not use library containers with inline code; kernels.h).
struct Scratch {
  float* data;
  explicit Scratch(Index count) : data(static_cast<float*>(std::malloc(static_cast<std::size_t>(count) * sizeof(float)))) {}
  ~Scratch() { std::free(data); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

// C (+)= A Bᵀ, B float32 (n, k) read in place. Returns false (and computes nothing) when the
// buffer for Aᵀ cannot be had; the caller then uses the packed kernel.
inline bool gemm(Index m, Index n, Index k, const float* a, Index lda, const float* b, Index ldb, float* c, Index ldc,
                 bool accumulate) {
  // no product: neither A nor B is read (with n = 0 the caller's A need not hold m rows)
  if (dot_gemm::empty_product(m, n, k, c, ldc, accumulate)) return true;
  const Index width = (m + 15) / 16 * 16;
  const Scratch at(width * k);
  if (at.data == nullptr) return false;
  pack_a_transposed(m, k, a, lda, width, at.data);
  const Index tokens_per_tile = 16 * max_vectors;
  // Row blocks outside, token groups inside: a block's 8 weight rows are read from memory by its
  // first token group and from cache by the others.
  for (Index j = 0; j < n; j += rows_per_tile) {
    const int rows = static_cast<int>(dot_gemm::min_index(rows_per_tile, n - j));
    for (Index i = 0; i < m; i += tokens_per_tile) {
      const Index tokens = dot_gemm::min_index(tokens_per_tile, m - i);
      const int vectors = static_cast<int>((tokens + 15) / 16);
      pick_tile(vectors, rows)(k, at.data + i, width, b + j * ldb, ldb, c + i * ldc + j, ldc, tokens, accumulate);
    }
  }
  return true;
}

}  // namespace broadcast_gemm
