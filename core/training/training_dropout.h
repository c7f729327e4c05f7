#pragma once
// Dropout (training only; Vaswani et al. §5.4): each entry is zeroed with probability p and the
// survivors are scaled by 1/(1 − p), so the expected value is unchanged and inference needs no
// rescaling. The mask is kept for the backward pass: ∂L/∂x = ∂L/∂y ⊙ mask.

#include <random>

#include "training/training_tensor.h"

namespace core {

// How a forward pass runs: rate 0 (evaluation, gradient checks) leaves every mask empty.
struct DropoutSettings {
  double rate = 0.0;
  std::mt19937_64* generator = nullptr;  // required when rate > 0
};

template <typename Scalar>
struct DropoutCache {
  Tensor<Scalar> mask;  // same shape as x, entries 0 or 1/(1 − p); empty = no dropout
};

template <typename Scalar>
Tensor<Scalar> dropout_forward(const Tensor<Scalar>& x, const DropoutSettings& settings, DropoutCache<Scalar>& cache);

template <typename Scalar>
Tensor<Scalar> dropout_backward(const Tensor<Scalar>& d_y, const DropoutCache<Scalar>& cache);

}  // namespace core
