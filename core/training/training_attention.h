#pragma once
// Multi-head attention box of the trainer, in the lecture's notation, over a packed batch:
//   q = x_q W^qᵀ + b^q,  k = x_kv W^kᵀ + b^k,  v = x_kv W^vᵀ + b^v      (all heads side by side)
//   α = q_h k_hᵀ / sqrt(d_k),  α̂ = softmax(α) (masked),  b_h = α̂ v_h,  out = [b_1 … b_H] W^Oᵀ + b^O
// Attention never crosses examples: query segment s only sees key segment s.
// Backward, per example and head:
//   ∂L/∂α̂ = ∂L/∂b_h v_hᵀ,  ∂L/∂v_h = α̂ᵀ ∂L/∂b_h,  ∂L/∂α = softmax'(∂L/∂α̂) / sqrt(d_k),
//   ∂L/∂q_h = ∂L/∂α k_h,   ∂L/∂k_h = ∂L/∂αᵀ q_h

#include <vector>

#include "training/training_linear.h"

namespace core {

template <typename Scalar>
struct AttentionParameters {
  LinearParameters<Scalar> w_q;  // [d_model, d_model]
  LinearParameters<Scalar> w_k;  // [d_model, d_model]
  LinearParameters<Scalar> w_v;  // [d_model, d_model]
  LinearParameters<Scalar> w_o;  // [d_model, d_model]
};

template <typename Scalar>
struct AttentionCache {
  Tensor<Scalar> x_q;                      // (N_q, d_model)
  Tensor<Scalar> x_kv;                     // (N_k, d_model)
  Tensor<Scalar> q;                        // (N_q, d_model)
  Tensor<Scalar> k;                        // (N_k, d_model)
  Tensor<Scalar> v;                        // (N_k, d_model)
  std::vector<Tensor<Scalar>> alpha_hat;   // [segment × heads + h]: (T_q, T_k)
  Tensor<Scalar> heads_concatenated;       // (N_q, d_model), before W^O
};

template <typename Scalar>
struct AttentionInputGradients {
  Tensor<Scalar> d_x_q;   // (N_q, d_model)
  Tensor<Scalar> d_x_kv;  // (N_k, d_model); for self-attention add it to d_x_q
};

// x_q: (N_q, d_model), x_kv: (N_k, d_model), one segment per example in each → (N_q, d_model).
template <typename Scalar>
Tensor<Scalar> attention_forward(const Tensor<Scalar>& x_q, const Tensor<Scalar>& x_kv, const Segments& query_segments,
                                 const Segments& key_segments, const AttentionParameters<Scalar>& p, int heads,
                                 bool causal, AttentionCache<Scalar>& cache);

template <typename Scalar>
AttentionInputGradients<Scalar> attention_backward(const Tensor<Scalar>& d_out, const Segments& query_segments,
                                                   const Segments& key_segments, const AttentionParameters<Scalar>& p,
                                                   int heads, const AttentionCache<Scalar>& cache,
                                                   AttentionParameters<Scalar>& grad);

}  // namespace core
