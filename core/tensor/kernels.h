#pragma once
// The compute kernels, one set per instruction set (isa.h). Each set lives in its own translation
// unit compiled for that set (kernels_avx2.cpp, kernels_avx512.cpp, kernels_avx512bf16.cpp) or for
// the baseline (kernels_portable.cpp); gemm.h and the attention code pick the active set at run time.
//
// The x86 units are written with intrinsics only and call no library function with inline code
// (<array> here is only the container type of a declaration): an inline function compiled there
// for AVX-512 could otherwise be the copy the linker keeps for the whole program, and fault on an
// older CPU.

#include <array>
#include <cstddef>
#include <cstdint>

#include "tensor/isa_kind.h"

namespace core {

using KernelIndex = std::ptrdiff_t;

// C (+)= A Bᵀ, row-major with row strides: A (m, k), B (n, k), C (m, n). accumulate: C += instead of C =.
// Single-threaded: callers split n across threads.
using GemmF32 = void (*)(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda, const float* b,
                         KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate);
// The same with B stored as 16-bit bfloat16 or float16, widened to float32 on the fly (exact).
using GemmHalfWeights = void (*)(KernelIndex m, KernelIndex n, KernelIndex k, const float* a, KernelIndex lda,
                                 const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate);
// A and B both bfloat16, products accumulated in float32 ("fast" precision).
using GemmBf16 = void (*)(KernelIndex m, KernelIndex n, KernelIndex k, const std::uint16_t* a, KernelIndex lda,
                          const std::uint16_t* b, KernelIndex ldb, float* c, KernelIndex ldc, bool accumulate);
// out[i] = x[i] rounded to bfloat16 (nearest, ties to even).
using RoundToBf16 = void (*)(const float* x, KernelIndex n, std::uint16_t* out);
// One row of scores in place: softmax with −∞ entries (masked) exactly 0 and an all-masked row all 0.
using SoftmaxRow = void (*)(float* row, KernelIndex n);
// One row in place: x = GELU(x) = x Φ(x) = ½ x (1 + erf(x / √2)).
using GeluErfRow = void (*)(float* x, KernelIndex n);
// One row of d values: y = (x − mean) / sqrt(var + eps) · γ + β (var biased; β may be null; y may be x).
using LayerNormRow = void (*)(const float* x, KernelIndex d, const float* gamma, const float* beta, float eps,
                              float* y);

struct KernelSet {
  Isa isa = Isa::Portable;
  // True where gemm_bf16's bfloat16 dot products beat float32 FMAs on widened values. Measured with
  // 16 independent chains per core: on an Intel Xeon (family 6, model 207) vdpbf16ps gives 75
  // GFLOP/s against 151 for vfmadd231ps, so there the fast precision rounds the activations to
  // bfloat16 and multiplies them widened (the same products, the float32 rate). On an AMD Zen 5
  // (family 26) it is twice the float32 rate, 510 against 256 GFLOP/s a core
  // (tests/bench/peak_flops); AMD CPUs keep vdpbf16ps.
  bool bf16_dot_products = false;
  GemmF32 gemm_f32 = nullptr;
  GemmHalfWeights gemm_bf16_weights = nullptr;
  GemmHalfWeights gemm_f16_weights = nullptr;
  GemmBf16 gemm_bf16 = nullptr;
  RoundToBf16 round_to_bf16 = nullptr;
  SoftmaxRow softmax_row = nullptr;
  GeluErfRow gelu_erf_row = nullptr;
  LayerNormRow layer_norm_row = nullptr;
};

// The sets up to `best`, indexed by Isa; the entries above it stay empty (null functions) and their
// constructors are never called, since those are compiled for instruction sets the CPU may lack.
std::array<KernelSet, 4> kernel_sets_up_to(Isa best);

// The set active_isa() names.
const KernelSet& active_kernels();
// The set for `isa`, or nullptr when this CPU or build lacks it (tests compare every available set).
const KernelSet* kernels_for(Isa isa);

// One function per unit, each returning its set (defined only where the unit is built).
KernelSet portable_kernel_set();
KernelSet avx2_kernel_set();
KernelSet avx512_kernel_set();
KernelSet avx512bf16_kernel_set();

}  // namespace core
