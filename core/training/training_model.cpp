#include "training/training_model.h"

#include <cmath>

#include "nn/positional_encoding.h"
#include "training/training_embedding.h"

namespace core {

namespace {

template <typename Scalar>
Tensor<Scalar> sinusoid(const ModelConfig& config) {
  return sinusoidal_table(config.max_positions, config.d_model, PositionalEncoding::SinusoidalInterleaved)
      .cast<Scalar>();
}

template <typename Scalar>
Scalar embedding_scale(const ModelConfig& config) {
  // The same float value core::embed multiplies by.
  return config.scale_embedding ? static_cast<Scalar>(std::sqrt(static_cast<float>(config.d_model))) : Scalar(1);
}

}  // namespace

template <typename Scalar>
Tensor<Scalar> transformer_forward(const TransformerParameters<Scalar>& p, const ModelConfig& config,
                                   const TrainingBatch& batch, const DropoutSettings& dropout,
                                   TransformerCache<Scalar>& cache) {
  const Tensor<Scalar> positions = sinusoid<Scalar>(config);
  const Scalar scale = embedding_scale<Scalar>(config);
  cache.encoder_output.resize(0, config.d_model);
  if (p.encoder) {
    Tensor<Scalar> x = dropout_forward(
        embedding_forward(batch.source_ids, batch.source_segments, p.encoder->embed_tokens, positions, scale), dropout,
        cache.source_embedding_dropout);
    cache.encoder_layers.resize(p.encoder->layers.size());
    for (std::size_t l = 0; l < p.encoder->layers.size(); ++l) {
      x = encoder_layer_forward(x, batch.source_segments, p.encoder->layers[l], config, dropout,
                                cache.encoder_layers[l]);
    }
    cache.encoder_output = std::move(x);
  }
  Tensor<Scalar> y = dropout_forward(
      embedding_forward(batch.target_ids, batch.target_segments, p.decoder.embed_tokens, positions, scale), dropout,
      cache.target_embedding_dropout);
  cache.decoder_layers.resize(p.decoder.layers.size());
  for (std::size_t l = 0; l < p.decoder.layers.size(); ++l) {
    y = decoder_layer_forward(y, batch.target_segments, cache.encoder_output, batch.source_segments,
                              p.decoder.layers[l], config, dropout, cache.decoder_layers[l]);
  }
  cache.decoder_output = std::move(y);
  // the final Linear; the softmax is part of the loss
  return linear_forward(cache.decoder_output, p.lm_head);
}

template <typename Scalar>
void transformer_backward(const TransformerParameters<Scalar>& p, const ModelConfig& config, const TrainingBatch& batch,
                          const TransformerCache<Scalar>& cache, const Tensor<Scalar>& d_logits,
                          TransformerParameters<Scalar>& grad) {
  const Scalar scale = embedding_scale<Scalar>(config);
  Tensor<Scalar> d_y = linear_backward(cache.decoder_output, d_logits, p.lm_head, grad.lm_head);
  // Every decoder layer's cross-attention reads the same encoder output: their gradients add up.
  Tensor<Scalar> d_encoder_output = Tensor<Scalar>::Zero(cache.encoder_output.rows(), cache.encoder_output.cols());
  for (std::size_t l = p.decoder.layers.size(); l-- > 0;) {
    d_y = decoder_layer_backward(d_y, batch.target_segments, batch.source_segments, p.decoder.layers[l], config,
                                 cache.decoder_layers[l], grad.decoder.layers[l], d_encoder_output);
  }
  embedding_backward(batch.target_ids, dropout_backward(d_y, cache.target_embedding_dropout), scale,
                     grad.decoder.embed_tokens);
  if (!p.encoder) return;
  Tensor<Scalar> d_x = std::move(d_encoder_output);
  for (std::size_t l = p.encoder->layers.size(); l-- > 0;) {
    d_x = encoder_layer_backward(d_x, batch.source_segments, p.encoder->layers[l], config, cache.encoder_layers[l],
                                 grad.encoder->layers[l]);
  }
  embedding_backward(batch.source_ids, dropout_backward(d_x, cache.source_embedding_dropout), scale,
                     grad.encoder->embed_tokens);
}

template Tensor<float> transformer_forward(const TransformerParameters<float>&, const ModelConfig&,
                                           const TrainingBatch&, const DropoutSettings&, TransformerCache<float>&);
template Tensor<double> transformer_forward(const TransformerParameters<double>&, const ModelConfig&,
                                            const TrainingBatch&, const DropoutSettings&, TransformerCache<double>&);
template void transformer_backward(const TransformerParameters<float>&, const ModelConfig&, const TrainingBatch&,
                                   const TransformerCache<float>&, const Tensor<float>&, TransformerParameters<float>&);
template void transformer_backward(const TransformerParameters<double>&, const ModelConfig&, const TrainingBatch&,
                                   const TransformerCache<double>&, const Tensor<double>&,
                                   TransformerParameters<double>&);

}  // namespace core
