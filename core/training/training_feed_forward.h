#pragma once
// Position-wise feed-forward box of the trainer (the paper's ReLU network):
//   hidden = max(0, x W1ᵀ + b1),  y = hidden W2ᵀ + b2
//   backward: ∂L/∂hidden = ∂L/∂y W2, zeroed where the ReLU was off (hidden = 0)

#include "training/training_linear.h"

namespace core {

template <typename Scalar>
struct FeedForwardParameters {
  LinearParameters<Scalar> fc1;  // [d_ff, d_model]
  LinearParameters<Scalar> fc2;  // [d_model, d_ff]
};

template <typename Scalar>
struct FeedForwardCache {
  Tensor<Scalar> x;       // (N, d_model)
  Tensor<Scalar> hidden;  // (N, d_ff) after the ReLU
};

// x: (N, d_model) → (N, d_model)
template <typename Scalar>
Tensor<Scalar> feed_forward_forward(const Tensor<Scalar>& x, const FeedForwardParameters<Scalar>& p,
                                    FeedForwardCache<Scalar>& cache);

template <typename Scalar>
Tensor<Scalar> feed_forward_backward(const Tensor<Scalar>& d_y, const FeedForwardParameters<Scalar>& p,
                                     const FeedForwardCache<Scalar>& cache, FeedForwardParameters<Scalar>& grad);

}  // namespace core
