#include "training/training_decoder_layer.h"

namespace core {

template <typename Scalar>
Tensor<Scalar> decoder_layer_forward(const Tensor<Scalar>& x, const Segments& target_segments,
                                     const Tensor<Scalar>& encoder_output, const Segments& source_segments,
                                     const DecoderLayerParameters<Scalar>& p, const ModelConfig& config,
                                     const DropoutSettings& dropout, DecoderLayerCache<Scalar>& cache) {
  const Scalar eps = static_cast<Scalar>(config.layer_norm_eps);
  // masked self-attention → Add & Norm
  const Tensor<Scalar> self = attention_forward(x, x, target_segments, target_segments, p.self_attention,
                                                config.heads, true, cache.self_attention);
  Tensor<Scalar> h = layer_norm_forward<Scalar>(x + dropout_forward(self, dropout, cache.self_attention_dropout),
                                                p.self_attention_norm, eps, cache.self_attention_norm);
  // cross-attention: queries from the decoder, keys and values from the encoder → Add & Norm
  if (encoder_output.rows() > 0) {
    const Tensor<Scalar> cross = attention_forward(h, encoder_output, target_segments, source_segments,
                                                   p.cross_attention, config.heads, false, cache.cross_attention);
    h = layer_norm_forward<Scalar>(h + dropout_forward(cross, dropout, cache.cross_attention_dropout),
                                   p.cross_attention_norm, eps, cache.cross_attention_norm);
  }
  // feed-forward → Add & Norm
  const Tensor<Scalar> ffn = feed_forward_forward(h, p.feed_forward, cache.feed_forward);
  return layer_norm_forward<Scalar>(h + dropout_forward(ffn, dropout, cache.feed_forward_dropout),
                                    p.feed_forward_norm, eps, cache.feed_forward_norm);
}

template <typename Scalar>
Tensor<Scalar> decoder_layer_backward(const Tensor<Scalar>& d_y, const Segments& target_segments,
                                      const Segments& source_segments, const DecoderLayerParameters<Scalar>& p,
                                      const ModelConfig& config, const DecoderLayerCache<Scalar>& cache,
                                      DecoderLayerParameters<Scalar>& grad, Tensor<Scalar>& d_encoder_output) {
  // Each Add & Norm: ∂L/∂(sum) flows to the residual input unchanged and through the sub-layer.
  const Tensor<Scalar> d_sum3 = layer_norm_backward(d_y, p.feed_forward_norm, cache.feed_forward_norm,
                                                    grad.feed_forward_norm);
  Tensor<Scalar> d_h = d_sum3;
  d_h += feed_forward_backward(dropout_backward(d_sum3, cache.feed_forward_dropout), p.feed_forward,
                               cache.feed_forward, grad.feed_forward);
  if (d_encoder_output.rows() > 0) {
    const Tensor<Scalar> d_sum2 = layer_norm_backward(d_h, p.cross_attention_norm, cache.cross_attention_norm,
                                                      grad.cross_attention_norm);
    const AttentionInputGradients<Scalar> d_cross =
        attention_backward(dropout_backward(d_sum2, cache.cross_attention_dropout), target_segments,
                           source_segments, p.cross_attention, config.heads, cache.cross_attention,
                           grad.cross_attention);
    d_h = d_sum2 + d_cross.d_x_q;
    d_encoder_output += d_cross.d_x_kv;
  }
  const Tensor<Scalar> d_sum1 = layer_norm_backward(d_h, p.self_attention_norm, cache.self_attention_norm,
                                                    grad.self_attention_norm);
  const AttentionInputGradients<Scalar> d_self =
      attention_backward(dropout_backward(d_sum1, cache.self_attention_dropout), target_segments, target_segments,
                         p.self_attention, config.heads, cache.self_attention, grad.self_attention);
  return d_sum1 + d_self.d_x_q + d_self.d_x_kv;
}

template Tensor<float> decoder_layer_forward(const Tensor<float>&, const Segments&, const Tensor<float>&,
                                             const Segments&, const DecoderLayerParameters<float>&,
                                             const ModelConfig&, const DropoutSettings&, DecoderLayerCache<float>&);
template Tensor<double> decoder_layer_forward(const Tensor<double>&, const Segments&, const Tensor<double>&,
                                              const Segments&, const DecoderLayerParameters<double>&,
                                              const ModelConfig&, const DropoutSettings&, DecoderLayerCache<double>&);
template Tensor<float> decoder_layer_backward(const Tensor<float>&, const Segments&, const Segments&,
                                              const DecoderLayerParameters<float>&, const ModelConfig&,
                                              const DecoderLayerCache<float>&, DecoderLayerParameters<float>&,
                                              Tensor<float>&);
template Tensor<double> decoder_layer_backward(const Tensor<double>&, const Segments&, const Segments&,
                                               const DecoderLayerParameters<double>&, const ModelConfig&,
                                               const DecoderLayerCache<double>&, DecoderLayerParameters<double>&,
                                               Tensor<double>&);

}  // namespace core
