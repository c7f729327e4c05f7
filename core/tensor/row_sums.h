#pragma once
// The inner loop of the per-head metrics (analysis/head_metric_rows.h): two sums over one row of
// α̂ (n weights, query i), each added up in float64, in one pass:
//   entropy  = −Σ_j α̂_j ln α̂_j   (0 ln 0 = 0)
//   distance =  Σ_j α̂_j |i − j|
// At 4,096 tokens all heads of a 1B model hold 4.3 billion weights, so the per-entry std::log of a
// plain loop dominates; the AVX2 and AVX-512 versions use a vector ln (kernels_avx2.cpp,
// avx512_ops.h). Chosen at run time
// like the kernel sets (kernels.h), apart from them so that adding it rebuilt nothing else.

#include "tensor/isa_kind.h"
#include "tensor/kernels.h"

namespace core {

using AttentionRowSums = void (*)(const float* row, KernelIndex n, KernelIndex query, double* entropy, double* distance);

// The version for active_isa(): AVX2 and AVX-512 (also for AVX-512-BF16) have their own, the
// baseline the portable one.
AttentionRowSums attention_row_sums();
// The version for one instruction set, or nullptr when this CPU or build lacks it (tests compare them).
AttentionRowSums attention_row_sums_for(Isa isa);

// Defined in kernels_avx2.cpp and kernels_avx512.cpp (each compiled for its instruction set only:
// called only when the CPU has it).
void avx2_attention_row_sums(const float* row, KernelIndex n, KernelIndex query, double* entropy, double* distance);
void avx512_attention_row_sums(const float* row, KernelIndex n, KernelIndex query, double* entropy, double* distance);

}  // namespace core
