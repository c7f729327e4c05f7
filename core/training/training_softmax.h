#pragma once
// Row softmax with the attention mask, for the trainer:
//   α̂_{i,j} = exp(α_{i,j} − max_j α_{i,j}) / Σ_j exp(…) over the keys query i may see
//   (all of them, or j ≤ i under the causal mask; masked entries are exactly 0)
//   backward: ∂L/∂α_{i,j} = α̂_{i,j} (∂L/∂α̂_{i,j} − Σ_k α̂_{i,k} ∂L/∂α̂_{i,k})

#include "training/training_tensor.h"

namespace core {

// alpha: (T_q, T_k) scores → α̂ of the same shape.
template <typename Scalar>
Tensor<Scalar> masked_softmax_forward(const Tensor<Scalar>& alpha, bool causal);

// Masked entries have α̂ = 0, so the formula gives them a zero gradient without a second mask.
template <typename Scalar>
Tensor<Scalar> masked_softmax_backward(const Tensor<Scalar>& alpha_hat, const Tensor<Scalar>& d_alpha_hat);

}  // namespace core
