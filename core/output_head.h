#pragma once
// Final Linear → softmax over the vocabulary (the logits; softmax is left to the caller).

#include "model_config.h"
#include "tensor.h"
#include "weights.h"

namespace core {

// hidden: (T, d_model) → logits (T, vocab).
RowMatrix output_logits(const Eigen::Ref<const RowMatrix>& hidden, const OutputHeadWeights& weights,
                        const ModelConfig& config);

}  // namespace core
