#include "nn/output_head.h"

#include "nn/feed_forward.h"
#include "nn/norm.h"

namespace core {

RowMatrix output_logits(const Eigen::Ref<const RowMatrix>& hidden, const OutputHeadWeights& weights,
                        const OutputSpec& spec) {
  // The projection onto the vocabulary is a linear layer too (its [vocab, d_model] table is often the
  // token embedding); going through linear() splits its columns across threads.
  const LinearWeights projection{weights.projection, weights.bias};
  RowMatrix logits;
  if (spec.transform) {
    // BERT's MLM head: dense → activation → norm, then the projection onto the vocabulary.
    RowMatrix h = linear(hidden, weights.transform);
    activate(h, spec.transform_activation);
    normalize_in_place(h, weights.transform_norm, spec.transform_norm);
    logits = linear(h, projection);
  } else if (spec.input_scale != 1.0f) {
    // T5 with tied embeddings: logits = (h · d_model^−½) Eᵀ
    logits = linear(hidden * spec.input_scale, projection);
  } else {
    logits = linear(hidden, projection);
  }
  // Gemma 2: logits ← cap · tanh(logits / cap)
  if (spec.soft_cap > 0.0f) logits = ((logits.array() / spec.soft_cap).tanh() * spec.soft_cap).matrix();
  return logits;
}

RowMatrix classifier_logits(const Eigen::Ref<const RowMatrix>& hidden, const ClassifierWeights& weights,
                            const ClassifierSpec& spec) {
  if (spec.kind != ClassifierKind::Sequence) return linear(hidden, weights.output);
  // the first token stands for the text: pooled = act(h₀ W_hᵀ + b), then the labels
  RowMatrix first = hidden.topRows(1);
  if (spec.hidden) {
    first = linear(first, weights.hidden);
    activate(first, spec.hidden_activation);
  }
  return linear(first, weights.output);
}

}  // namespace core
