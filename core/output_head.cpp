#include "output_head.h"

#include "feed_forward.h"
#include "layer_norm.h"

namespace core {

RowMatrix output_logits(const Eigen::Ref<const RowMatrix>& hidden, const OutputHeadWeights& weights,
                        const ModelConfig& config) {
  // The projection onto the vocabulary is a linear layer too (its [vocab, d_model] table is often the
  // token embedding); going through linear() splits its columns across threads.
  const LinearWeights projection{weights.projection, weights.bias};
  if (weights.transform) {
    // BERT's MLM head: dense → activation → LayerNorm, then the projection onto the vocabulary.
    RowMatrix h = linear(hidden, *weights.transform);
    activate(h, config.activation);
    if (weights.transform_norm) layer_norm_in_place(h, *weights.transform_norm, config.layer_norm_eps);
    return linear(h, projection);
  }
  return linear(hidden, projection);
}

}  // namespace core
