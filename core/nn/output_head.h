#pragma once
// Final Linear → softmax over the vocabulary (the logits; softmax is left to the caller).

#include "nn/stack_spec.h"
#include "nn/weights.h"
#include "tensor/tensor.h"

namespace core {

// hidden: (T, d_model) → logits (T, vocab).
RowMatrix output_logits(const Eigen::Ref<const RowMatrix>& hidden, const OutputHeadWeights& weights,
                        const OutputSpec& spec);

}  // namespace core
