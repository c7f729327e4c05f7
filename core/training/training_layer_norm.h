#pragma once
// LayerNorm box of the trainer, per token row:
//   μ = mean(x),  σ² = mean((x − μ)²),  x̂ = (x − μ) / sqrt(σ² + eps),  y = γ ⊙ x̂ + β
//   backward: ∂L/∂x̂ = ∂L/∂y ⊙ γ,
//             ∂L/∂x = (∂L/∂x̂ − mean(∂L/∂x̂) − x̂ ⊙ mean(∂L/∂x̂ ⊙ x̂)) / sqrt(σ² + eps)

#include "training/training_tensor.h"

namespace core {

template <typename Scalar>
struct LayerNormParameters {
  Tensor<Scalar> gamma;  // (1, d_model) scale γ
  Tensor<Scalar> beta;   // (1, d_model) shift β
};

template <typename Scalar>
struct LayerNormCache {
  Tensor<Scalar> x_hat;    // (N, d_model) normalised input
  Tensor<Scalar> inv_std;  // (N, 1) 1 / sqrt(σ² + eps) per row
};

// x: (N, d_model) → y: (N, d_model)
template <typename Scalar>
Tensor<Scalar> layer_norm_forward(const Tensor<Scalar>& x, const LayerNormParameters<Scalar>& p, Scalar eps,
                                  LayerNormCache<Scalar>& cache);

// Accumulates ∂L/∂γ and ∂L/∂β into grad; returns ∂L/∂x.
template <typename Scalar>
Tensor<Scalar> layer_norm_backward(const Tensor<Scalar>& d_y, const LayerNormParameters<Scalar>& p,
                                   const LayerNormCache<Scalar>& cache, LayerNormParameters<Scalar>& grad);

}  // namespace core
