#pragma once
// One decoder block of the trainer, post-LN, with residual dropout:
//   h1 = LN(x + dropout(masked self-attention(x, x)))
//   h2 = LN(h1 + dropout(cross-attention(h1, encoder output)))   (encoder-decoder models only)
//   y  = LN(h2 + dropout(FFN(h2)))

#include "nn/model_config.h"
#include "training/training_attention.h"
#include "training/training_dropout.h"
#include "training/training_feed_forward.h"
#include "training/training_layer_norm.h"

namespace core {

template <typename Scalar>
struct DecoderLayerParameters {
  AttentionParameters<Scalar> self_attention;  // causal
  LayerNormParameters<Scalar> self_attention_norm;
  AttentionParameters<Scalar> cross_attention;  // empty tensors in a decoder-only model
  LayerNormParameters<Scalar> cross_attention_norm;
  FeedForwardParameters<Scalar> feed_forward;
  LayerNormParameters<Scalar> feed_forward_norm;
};

template <typename Scalar>
struct DecoderLayerCache {
  AttentionCache<Scalar> self_attention;
  DropoutCache<Scalar> self_attention_dropout;
  LayerNormCache<Scalar> self_attention_norm;
  AttentionCache<Scalar> cross_attention;
  DropoutCache<Scalar> cross_attention_dropout;
  LayerNormCache<Scalar> cross_attention_norm;
  FeedForwardCache<Scalar> feed_forward;
  DropoutCache<Scalar> feed_forward_dropout;
  LayerNormCache<Scalar> feed_forward_norm;
};

// x: (N_t, d_model) packed decoder rows; encoder_output: (N_s, d_model) packed source rows, or
// 0 rows for a decoder-only model → (N_t, d_model).
template <typename Scalar>
Tensor<Scalar> decoder_layer_forward(const Tensor<Scalar>& x, const Segments& target_segments,
                                     const Tensor<Scalar>& encoder_output, const Segments& source_segments,
                                     const DecoderLayerParameters<Scalar>& p, const ModelConfig& config,
                                     const DropoutSettings& dropout, DecoderLayerCache<Scalar>& cache);

// Returns ∂L/∂x and adds this layer's share of ∂L/∂(encoder output) to d_encoder_output.
template <typename Scalar>
Tensor<Scalar> decoder_layer_backward(const Tensor<Scalar>& d_y, const Segments& target_segments,
                                      const Segments& source_segments, const DecoderLayerParameters<Scalar>& p,
                                      const ModelConfig& config, const DecoderLayerCache<Scalar>& cache,
                                      DecoderLayerParameters<Scalar>& grad, Tensor<Scalar>& d_encoder_output);

}  // namespace core
