#pragma once
// How a change to the input or the model (a token edit, heads switched off, another checkpoint)
// moves the next-token distribution at the last position.
//   P = softmax(logits before),  Q = softmax(logits after)       (vocabulary-sized)
//   Δp_t = Q_t − P_t                                              per token t
//   KL(P ‖ Q) = Σ_t P_t (log P_t − log Q_t)                       in nats; 0 iff P = Q
// Everything is computed in double from the float logits (log-softmax with the row maximum
// subtracted), so tiny probabilities do not turn into log 0.

#include <vector>

#include "tensor/tensor.h"

namespace core {

struct TokenProbabilityChange {
  int id = 0;
  double before = 0;  // P_t
  double after = 0;   // Q_t
  double delta = 0;   // Q_t − P_t
};

struct PredictionChange {
  // the top_k tokens by max(P_t, Q_t), most likely first (ties: lower id first), so a token that
  // rose into the top and one that fell out of it are both listed
  std::vector<TokenProbabilityChange> top;
  double kl_divergence = 0;  // KL(P ‖ Q), nats
  int top_before = -1;       // argmax P
  int top_after = -1;        // argmax Q
};

// log softmax(logits), in double: l_t − max − log Σ_u exp(l_u − max).
std::vector<double> log_probabilities(const RowVector& logits);

// Throws core::InputError when either is empty, their sizes differ (naming both) or top_k < 1.
PredictionChange compare_predictions(const RowVector& logits_before, const RowVector& logits_after, int top_k);

}  // namespace core
