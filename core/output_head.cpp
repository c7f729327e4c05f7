#include "output_head.h"

#include "feed_forward.h"
#include "layer_norm.h"

namespace core {

RowMatrix output_logits(const Eigen::Ref<const RowMatrix>& hidden, const OutputHeadWeights& weights,
                        const ModelConfig& config) {
  RowMatrix logits(hidden.rows(), weights.projection.rows);
  if (weights.transform) {
    // BERT's MLM head: dense → activation → LayerNorm, then the projection onto the vocabulary.
    RowMatrix h = linear(hidden, *weights.transform);
    activate(h, config.activation);
    if (weights.transform_norm) h = layer_norm(h, *weights.transform_norm, config.layer_norm_eps);
    logits.noalias() = h * weights.projection.view().transpose();
  } else {
    logits.noalias() = hidden * weights.projection.view().transpose();
  }
  if (!weights.bias.empty()) logits.rowwise() += weights.bias.view();
  return logits;
}

}  // namespace core
