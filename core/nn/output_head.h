#pragma once
// Final Linear → softmax over the vocabulary (the logits; softmax is left to the caller).

#include "nn/stack_spec.h"
#include "nn/weights.h"
#include "tensor/tensor.h"

namespace core {

// hidden: (T, d_model) → logits (T, vocab).
RowMatrix output_logits(const Eigen::Ref<const RowMatrix>& hidden, const OutputHeadWeights& weights,
                        const OutputSpec& spec);

// The task head: hidden (T, d_model) → Sequence: (1, labels) from the first token;
// Token: (T, labels); QuestionAnswering: (T, 2), start and end scores.
RowMatrix classifier_logits(const Eigen::Ref<const RowMatrix>& hidden, const ClassifierWeights& weights,
                            const ClassifierSpec& spec);

}  // namespace core
