#include "training/training_encoder_layer.h"

namespace core {

template <typename Scalar>
Tensor<Scalar> encoder_layer_forward(const Tensor<Scalar>& x, const Segments& segments,
                                     const EncoderLayerParameters<Scalar>& p, const ModelConfig& config,
                                     const DropoutSettings& dropout, EncoderLayerCache<Scalar>& cache) {
  const Scalar eps = static_cast<Scalar>(config.layer_norm_eps);
  // self-attention → Add & Norm
  const Tensor<Scalar> attention =
      attention_forward(x, x, segments, segments, p.self_attention, config.heads, false, cache.self_attention);
  const Tensor<Scalar> h = layer_norm_forward<Scalar>(
      x + dropout_forward(attention, dropout, cache.self_attention_dropout), p.self_attention_norm, eps,
      cache.self_attention_norm);
  // feed-forward → Add & Norm
  const Tensor<Scalar> ffn = feed_forward_forward(h, p.feed_forward, cache.feed_forward);
  return layer_norm_forward<Scalar>(h + dropout_forward(ffn, dropout, cache.feed_forward_dropout),
                                    p.feed_forward_norm, eps, cache.feed_forward_norm);
}

template <typename Scalar>
Tensor<Scalar> encoder_layer_backward(const Tensor<Scalar>& d_y, const Segments& segments,
                                      const EncoderLayerParameters<Scalar>& p, const ModelConfig& config,
                                      const EncoderLayerCache<Scalar>& cache, EncoderLayerParameters<Scalar>& grad) {
  // y = LN(h + FFN(h)): the residual carries ∂L/∂(sum) straight to h, the branch adds its own part.
  const Tensor<Scalar> d_sum2 = layer_norm_backward(d_y, p.feed_forward_norm, cache.feed_forward_norm,
                                                    grad.feed_forward_norm);
  Tensor<Scalar> d_h = d_sum2;
  d_h += feed_forward_backward(dropout_backward(d_sum2, cache.feed_forward_dropout), p.feed_forward,
                               cache.feed_forward, grad.feed_forward);
  // h = LN(x + attention(x, x)): x feeds the residual, the queries, and the keys and values.
  const Tensor<Scalar> d_sum1 = layer_norm_backward(d_h, p.self_attention_norm, cache.self_attention_norm,
                                                    grad.self_attention_norm);
  const AttentionInputGradients<Scalar> d_attention =
      attention_backward(dropout_backward(d_sum1, cache.self_attention_dropout), segments, segments,
                         p.self_attention, config.heads, cache.self_attention, grad.self_attention);
  return d_sum1 + d_attention.d_x_q + d_attention.d_x_kv;
}

template Tensor<float> encoder_layer_forward(const Tensor<float>&, const Segments&, const EncoderLayerParameters<float>&,
                                             const ModelConfig&, const DropoutSettings&, EncoderLayerCache<float>&);
template Tensor<double> encoder_layer_forward(const Tensor<double>&, const Segments&,
                                              const EncoderLayerParameters<double>&, const ModelConfig&,
                                              const DropoutSettings&, EncoderLayerCache<double>&);
template Tensor<float> encoder_layer_backward(const Tensor<float>&, const Segments&, const EncoderLayerParameters<float>&,
                                              const ModelConfig&, const EncoderLayerCache<float>&,
                                              EncoderLayerParameters<float>&);
template Tensor<double> encoder_layer_backward(const Tensor<double>&, const Segments&,
                                               const EncoderLayerParameters<double>&, const ModelConfig&,
                                               const EncoderLayerCache<double>&, EncoderLayerParameters<double>&);

}  // namespace core
