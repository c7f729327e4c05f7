#pragma once
// The register-tiled y = x Wᵀ kernel the x86 kernel units share, written once over an ISA (register
// width, horizontal sums) and a dot policy (what A and B hold, how a step multiplies them). Included
// only by kernels_avx2.cpp, kernels_avx512.cpp and kernels_avx512bf16.cpp, inside their anonymous
// namespace, so each unit gets its own copy compiled for its instruction set (see kernels.h).
//
// y = x Wᵀ with W the checkpoint's [out, in] weight read in place: both operands run along k
// contiguously, so each output is a dot product. A tile of MR × NR outputs lives in registers, each
// step multiplies `step` values of k, and each register's lanes are summed once at the end (as
// llamafile's tinyBLAS does). Nothing is packed or copied. For short inputs the pass is bound by
// streaming the weights in, so while one tile computes the kernel prefetches the next tile's weights.
//
// An ISA provides:   Acc (a register of float sums), tile_rows, tile_cols, zero(),
//                    reduce4(a, b, c, d, out) → out[0..3] = the lane sums of a, b, c, d
// A dot provides:    In, W (element types of A and B), step (k values per step), load_a, load_b,
//                    madd(acc, a, b), and value_a(In), value_b(W) (one element as float32) for the
//                    last k % step values.
//
// Requires before inclusion: <immintrin.h>, <cstdint>, "tensor/kernels.h".

namespace dot_gemm {

using Index = core::KernelIndex;

constexpr Index min_index(Index a, Index b) { return a < b ? a : b; }

// Cache blocking: a k-slice of 768 keeps the B rows of a tile in L1 while tokens go past, and a
// 128-token block of A in L2 while the layer's weights stream through once.
constexpr Index block_k = 768;
constexpr Index block_m = 128;

// reduce4 over acc[4g … 4g+3] for g = G, G+1, …, with every index known at compile time (5 % faster
// per tile than a loop indexing acc at run time). The last group repeats its final register, so every
// output's lanes are summed in the same order wherever it falls in a tile: the result does not
// depend on how the columns were split across threads.
template <class Isa, int Count, int G = 0>
inline void reduce_groups(const typename Isa::Acc (&acc)[Count], float* sums) {
  if constexpr (4 * G < Count) {
    constexpr int last = Count - 1;
    Isa::reduce4(acc[4 * G < last ? 4 * G : last], acc[4 * G + 1 < last ? 4 * G + 1 : last],
                 acc[4 * G + 2 < last ? 4 * G + 2 : last], acc[4 * G + 3 < last ? 4 * G + 3 : last], sums + 4 * G);
    reduce_groups<Isa, Count, G + 1>(acc, sums);
  }
}

// One MR × NR tile of C over k values: C[i][j] (+)= Σ_p A[i][p] B[j][p]. Along the way it asks for
// PF rows of the next B tile (`next`, rows ldb apart), one cache line of each per step, so those
// weights arrive while this tile computes. PF is a template parameter because a runtime count in
// the loop makes GCC keep the accumulators on the stack (1.5–2× slower).
template <class Isa, class Dot, int MR, int NR, int PF>
void tile(Index k, const typename Dot::In* a, Index lda, const typename Dot::W* b, Index ldb, float* c, Index ldc,
          bool accumulate, const typename Dot::W* next) {
  using Acc = typename Isa::Acc;
  // Unrolled so GCC does not turn the loop into a memset of a stack copy (a 1.6 KB store and 25
  // reloads on every tile call).
  Acc acc[MR * NR];
#pragma GCC unroll 32
  for (Acc& value : acc) value = Isa::zero();

  const Index k_vector = k - k % Dot::step;
  for (Index p = 0; p < k_vector; p += Dot::step) {
    typename Dot::AReg a_p[MR];
    for (int i = 0; i < MR; ++i) a_p[i] = Dot::load_a(a + i * lda + p);
    for (int r = 0; r < PF; ++r) _mm_prefetch(reinterpret_cast<const char*>(next + r * ldb + p), _MM_HINT_NTA);
    for (int j = 0; j < NR; ++j) {
      const typename Dot::BReg b_p = Dot::load_b(b + j * ldb + p);
      for (int i = 0; i < MR; ++i) acc[i * NR + j] = Dot::madd(acc[i * NR + j], a_p[i], b_p);
    }
  }

  float sums[MR * NR + 3];
  reduce_groups<Isa, MR * NR>(acc, sums);

  // The last k % step values (only for widths that are not a multiple of the step), as explicit
  // FMAs: left to the compiler, contraction could differ between instantiations, and a bfloat16
  // weight would no longer give exactly what its float32 widening gives.
  for (Index p = k_vector; p < k; ++p) {
    for (int i = 0; i < MR; ++i) {
      const float a_value = Dot::value_a(a[i * lda + p]);
      for (int j = 0; j < NR; ++j) sums[i * NR + j] = __builtin_fmaf(a_value, Dot::value_b(b[j * ldb + p]), sums[i * NR + j]);
    }
  }
  for (int i = 0; i < MR; ++i) {
    float* row = c + i * ldc;
    for (int j = 0; j < NR; ++j) row[j] = accumulate ? row[j] + sums[i * NR + j] : sums[i * NR + j];
  }
}

template <class Dot>
using TileFunction = void (*)(Index, const typename Dot::In*, Index, const typename Dot::W*, Index, float*, Index, bool,
                              const typename Dot::W*);

// The tile for mr × nr outputs that prefetches `rows` rows of the next B tile (0: none). Only
// full-width tiles prefetch: a narrower one is the last of C's columns, with nothing after it.
template <class Isa, class Dot, int MR = 1, int NR = 1, int PF = 0>
constexpr TileFunction<Dot> pick_tile(int mr, int nr, int rows) {
  if constexpr (MR < Isa::tile_rows) {
    if (mr > MR) return pick_tile<Isa, Dot, MR + 1, NR, PF>(mr, nr, rows);
  }
  if constexpr (PF == 0 && NR < Isa::tile_cols) {
    if (nr > NR && rows == 0) return pick_tile<Isa, Dot, MR, NR + 1, 0>(mr, nr, rows);
  }
  if constexpr (PF < Isa::tile_cols) {
    if (rows > PF) return pick_tile<Isa, Dot, MR, Isa::tile_cols, PF + 1>(mr, nr, rows);
  }
  return &tile<Isa, Dot, MR, NR, PF>;
}

// Every tile function, looked up per tile: plain[mr - 1][nr - 1], prefetching[mr - 1][rows - 1].
template <class Isa, class Dot>
struct TileTable {
  TileFunction<Dot> plain[Isa::tile_rows][Isa::tile_cols];
  TileFunction<Dot> prefetching[Isa::tile_rows][Isa::tile_cols];
};

template <class Isa, class Dot>
constexpr TileTable<Isa, Dot> make_tile_table() {
  TileTable<Isa, Dot> table{};
  for (int mr = 1; mr <= Isa::tile_rows; ++mr) {
    for (int n = 1; n <= Isa::tile_cols; ++n) {
      table.plain[mr - 1][n - 1] = pick_tile<Isa, Dot>(mr, n, 0);
      table.prefetching[mr - 1][n - 1] = pick_tile<Isa, Dot>(mr, Isa::tile_cols, n);
    }
  }
  return table;
}

// C (+)= A Bᵀ with no product to compute: m or n is 0 (C is empty), or k is 0 (C = 0, or kept as
// it is when accumulating). True when that is the case and C is done; every kernel starts here.
inline bool empty_product(Index m, Index n, Index k, float* c, Index ldc, bool accumulate) {
  if (m <= 0 || n <= 0) return true;
  if (k > 0) return false;
  if (!accumulate) {
    for (Index i = 0; i < m; ++i) {
      for (Index j = 0; j < n; ++j) c[i * ldc + j] = 0.0f;
    }
  }
  return true;
}

template <class Isa, class Dot>
void gemm(Index m, Index n, Index k, const typename Dot::In* a, Index lda, const typename Dot::W* b, Index ldb,
          float* c, Index ldc, bool accumulate) {
  if (empty_product(m, n, k, c, ldc, accumulate)) return;
  constexpr TileTable<Isa, Dot> tiles = make_tile_table<Isa, Dot>();
  constexpr Index tile_rows = Isa::tile_rows;
  constexpr Index tile_cols = Isa::tile_cols;
  for (Index p0 = 0; p0 < k; p0 += block_k) {
    const Index kc = min_index(block_k, k - p0);
    const bool add = accumulate || p0 > 0;
    for (Index i0 = 0; i0 < m; i0 += block_m) {
      const Index mc = min_index(block_m, m - i0);
      const Index row_tiles = (mc + tile_rows - 1) / tile_rows;
      for (Index j = 0; j < n; j += tile_cols) {
        const Index nr = min_index(tile_cols, n - j);
        // The first row tile reads this B tile from memory and the others reuse it from L1. Those
        // others prefetch the next B tile's rows between them, so the weights stream in while the
        // arithmetic runs rather than between it; a lone row tile prefetches them all itself.
        const Index next_rows = min_index(tile_cols, n - j - nr);
        const Index first_prefetcher = row_tiles == 1 ? 0 : 1;
        const Index prefetchers = min_index(row_tiles - first_prefetcher, next_rows);
        for (Index t = 0; t < row_tiles; ++t) {
          const Index i = i0 + t * tile_rows;
          const Index mr = min_index(tile_rows, i0 + mc - i);
          const Index share = t - first_prefetcher;
          const bool prefetches = share >= 0 && share < prefetchers;
          const Index first_row = prefetches ? next_rows * share / prefetchers : 0;
          const Index rows = prefetches ? next_rows * (share + 1) / prefetchers - first_row : 0;
          const TileFunction<Dot> kernel = rows > 0 ? tiles.prefetching[mr - 1][rows - 1] : tiles.plain[mr - 1][nr - 1];
          const typename Dot::W* next_tile = rows > 0 ? b + (j + nr + first_row) * ldb + p0 : nullptr;
          kernel(kc, a + i * lda + p0, lda, b + j * ldb + p0, ldb, c + i * ldc + j, ldc, add, next_tile);
        }
      }
    }
  }
}

// Scalar conversions for the tails (the same as tensor/scalar_types.h, kept here so the x86 units
// call no inline function from outside them).
inline float bf16_value(std::uint16_t bits) { return __builtin_bit_cast(float, static_cast<std::uint32_t>(bits) << 16); }

inline float f16_value(std::uint16_t bits) { return _cvtsh_ss(bits); }

// float32 → bfloat16, nearest even; a NaN stays a quiet NaN (tensor/scalar_types.h's float_to_bf16).
inline std::uint16_t bf16_bits(float x) {
  const std::uint32_t bits = __builtin_bit_cast(std::uint32_t, x);
  if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<std::uint16_t>((bits >> 16) | 0x40u);
  return static_cast<std::uint16_t>((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

}  // namespace dot_gemm
