#pragma once
// The matrix product behind every linear layer and both attention products: C = A Bᵀ, with B a
// checkpoint's [out, in] weight read in place (in its stored type) or a float32 matrix such as K.
// The work is done by the active kernel set (kernels.h: AVX-512-BF16, AVX-512, AVX2 or portable,
// picked at run time); these functions choose the kernel for the operands' types.

#include <Eigen/Core>

#include "tensor/kernels.h"
#include "tensor/tensor.h"

namespace core {

// C = A Bᵀ, or C += A Bᵀ when accumulate. Row-major, with row strides:
//   A: (m, k), rows lda apart;  B: (n, k), rows ldb apart;  C: (m, n), rows ldc apart.
// Single-threaded: callers split n (a layer's output columns) across threads.
void gemm_nt(Eigen::Index m, Eigen::Index n, Eigen::Index k, const float* a, Eigen::Index lda, const float* b,
             Eigen::Index ldb, float* c, Eigen::Index ldc, bool accumulate = false);

// C (+)= A Wᵀ with W (n = w.rows, k = w.cols) in any stored type: float32 activations times the
// widened weight (DotProduct::F32), or activations rounded to bfloat16 times a bfloat16 weight
// (DotProduct::Bf16).
void gemm_nt(Eigen::Index m, const float* a, Eigen::Index lda, const WeightMatrix& w, float* c, Eigen::Index ldc,
             bool accumulate = false);

// The same on a given kernel set (tests compare every set the CPU has).
void gemm_nt(const KernelSet& kernels, Eigen::Index m, const float* a, Eigen::Index lda, const WeightMatrix& w,
             float* c, Eigen::Index ldc, bool accumulate = false);

}  // namespace core
