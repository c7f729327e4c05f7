#pragma once
// One encoder block of the trainer, post-LN as in the paper, with residual dropout:
//   h = LN(x + dropout(attention(x, x))),  y = LN(h + dropout(FFN(h)))

#include "nn/model_config.h"
#include "training/training_attention.h"
#include "training/training_dropout.h"
#include "training/training_feed_forward.h"
#include "training/training_layer_norm.h"

namespace core {

template <typename Scalar>
struct EncoderLayerParameters {
  AttentionParameters<Scalar> self_attention;
  LayerNormParameters<Scalar> self_attention_norm;
  FeedForwardParameters<Scalar> feed_forward;
  LayerNormParameters<Scalar> feed_forward_norm;
};

template <typename Scalar>
struct EncoderLayerCache {
  AttentionCache<Scalar> self_attention;
  DropoutCache<Scalar> self_attention_dropout;
  LayerNormCache<Scalar> self_attention_norm;
  FeedForwardCache<Scalar> feed_forward;
  DropoutCache<Scalar> feed_forward_dropout;
  LayerNormCache<Scalar> feed_forward_norm;
};

// x: (N, d_model) packed source rows → (N, d_model)
template <typename Scalar>
Tensor<Scalar> encoder_layer_forward(const Tensor<Scalar>& x, const Segments& segments,
                                     const EncoderLayerParameters<Scalar>& p, const ModelConfig& config,
                                     const DropoutSettings& dropout, EncoderLayerCache<Scalar>& cache);

template <typename Scalar>
Tensor<Scalar> encoder_layer_backward(const Tensor<Scalar>& d_y, const Segments& segments,
                                      const EncoderLayerParameters<Scalar>& p, const ModelConfig& config,
                                      const EncoderLayerCache<Scalar>& cache, EncoderLayerParameters<Scalar>& grad);

}  // namespace core
