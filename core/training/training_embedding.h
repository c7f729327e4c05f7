#pragma once
// Input embedding box of the trainer: a^i = W[id_i] · s + e^{p_i}, where s = sqrt(d_model) when
// the config scales embeddings, and e^p is the fixed sinusoid of the token's position p inside
// its own example (so packed examples each start at position 0).
//   backward: the sinusoid is a constant, so ∂L/∂W[id] += s · ∂L/∂a^i for every row using id.

#include <vector>

#include "training/training_tensor.h"

namespace core {

// ids: N packed token ids, segments: one per example; table: (vocab, d_model);
// positions: (max_positions, d_model) sinusoid → (N, d_model).
template <typename Scalar>
Tensor<Scalar> embedding_forward(const std::vector<int>& ids, const Segments& segments, const Tensor<Scalar>& table,
                                 const Tensor<Scalar>& positions, Scalar scale);

// Accumulates into grad_table: (vocab, d_model).
template <typename Scalar>
void embedding_backward(const std::vector<int>& ids, const Tensor<Scalar>& d_a, Scalar scale, Tensor<Scalar>& grad_table);

}  // namespace core
