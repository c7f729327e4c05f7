#pragma once
// Cross-entropy over the output softmax, with optional label smoothing (Vaswani et al. §5.4):
//   p = softmax(z),  q = (1 − ε) onehot(y) + ε / V,  loss = −Σ_j q_j log p_j
//   ∂loss/∂z = p − q
// Rows whose label is negative are not scored (no loss, no gradient).

#include <vector>

#include "training/training_tensor.h"

namespace core {

template <typename Scalar>
struct LossResult {
  double loss_sum = 0.0;    // Σ over scored rows
  int scored = 0;           // rows with a label
  int correct = 0;          // scored rows whose argmax is the label
  Tensor<Scalar> d_logits;  // (N, V): gradient_scale · (p − q); zero rows where unscored
};

// logits: (N, V); labels: N ids or −1. gradient_scale is 1 / (scored rows in the whole batch),
// so the gradients of a batch split over threads add up to the mean loss's gradient.
template <typename Scalar>
LossResult<Scalar> cross_entropy(const Tensor<Scalar>& logits, const std::vector<int>& labels, double label_smoothing,
                                 double gradient_scale);

}  // namespace core
