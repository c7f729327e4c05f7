#pragma once
// Add & Norm around one sub-layer (attention or feed-forward), in either placement:
//   post-LN (the paper): LN(x + sublayer(x));   pre-LN: x + sublayer(LN(x)).
// The residual is added into the sub-layer's fresh output and normalised there: no copy of x.

#include "layer_norm.h"
#include "model_config.h"
#include "tensor.h"

namespace core {

template <typename Sublayer>
RowMatrix add_and_norm(const Eigen::Ref<const RowMatrix>& x, const LayerNormWeights& norm, const ModelConfig& config,
                       Sublayer&& sublayer) {
  if (config.norm_placement == NormPlacement::PostNorm) {
    RowMatrix y = sublayer(x);
    y += x;
    layer_norm_in_place(y, norm, config.layer_norm_eps);
    return y;
  }
  const RowMatrix normed = layer_norm(x, norm, config.layer_norm_eps);
  RowMatrix y = sublayer(normed);
  y += x;
  return y;
}

}  // namespace core
