#pragma once
// Linear box of the trainer: y = x Wᵀ + b with W stored [out, in] as checkpoints store it.
//   forward:  x: (N, in) → y: (N, out)
//   backward: ∂L/∂x = ∂L/∂y W,  ∂L/∂W += (∂L/∂y)ᵀ x,  ∂L/∂b += Σ_rows ∂L/∂y

#include "training/training_tensor.h"

namespace core {

template <typename Scalar>
struct LinearParameters {
  Tensor<Scalar> weight;  // [out, in]
  Tensor<Scalar> bias;    // (1, out)
};

template <typename Scalar>
Tensor<Scalar> linear_forward(const Tensor<Scalar>& x, const LinearParameters<Scalar>& p);

// Accumulates into grad (so one gradient struct can collect a whole batch) and returns ∂L/∂x.
template <typename Scalar>
Tensor<Scalar> linear_backward(const Tensor<Scalar>& x, const Tensor<Scalar>& d_y, const LinearParameters<Scalar>& p,
                               LinearParameters<Scalar>& grad);

}  // namespace core
