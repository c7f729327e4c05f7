#pragma once
// The matrix product behind every linear layer, y = x Wᵀ, with W the checkpoint's [out, in]
// weight read in place. Both operands run along k contiguously, so each output is a dot product:
// the kernel keeps a 5 × 5 tile of outputs in SIMD registers, multiplies 16 (AVX-512) values of k
// at a time, and sums each register's lanes once at the end (llamafile's tinyBLAS does the same).
// Nothing is packed or copied. For short inputs the pass is bound by streaming the weights in, so
// while one tile computes the kernel prefetches the weights of the next.

#include <Eigen/Core>

namespace core {

// C = A Bᵀ, or C += A Bᵀ when accumulate. Row-major, with row strides:
//   A: (m, k), rows lda apart;  B: (n, k), rows ldb apart;  C: (m, n), rows ldc apart.
// Single-threaded: callers split n (a layer's output columns) across threads.
void gemm_nt(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
             Eigen::Index ldb, float* c, Eigen::Index ldc, bool accumulate = false);

}  // namespace core
