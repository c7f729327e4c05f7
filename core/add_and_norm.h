#pragma once
// Add & Norm around one sub-layer (attention or feed-forward), in either placement:
//   post-LN (the paper): LN(x + sublayer(x));   pre-LN: x + sublayer(LN(x)).

#include "layer_norm.h"
#include "model_config.h"
#include "tensor.h"

namespace core {

template <typename Sublayer>
RowMatrix add_and_norm(const Eigen::Ref<const RowMatrix>& x, const LayerNormWeights& norm, const ModelConfig& config,
                       Sublayer&& sublayer) {
  if (config.norm_placement == NormPlacement::PostNorm) {
    return layer_norm(x + sublayer(x), norm, config.layer_norm_eps);
  }
  const RowMatrix normed = layer_norm(x, norm, config.layer_norm_eps);
  return x + sublayer(normed);
}

}  // namespace core
