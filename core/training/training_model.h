#pragma once
// The whole Transformer, forward and backward, for training:
//   encoder: x = dropout(embed(source)) → encoder layers
//   decoder: y = dropout(embed(target)) → decoder layers (cross-attending to the encoder output)
//   logits = y W_outᵀ + b_out
// The float forward computes what core::forward computes on the saved model (same boxes, same
// order of operations), so a saved model reproduces training's logits.

#include "nn/model_config.h"
#include "training/training_batch.h"
#include "training/training_dropout.h"
#include "training/training_parameters.h"

namespace core {

template <typename Scalar>
struct TransformerCache {
  DropoutCache<Scalar> source_embedding_dropout;
  std::vector<EncoderLayerCache<Scalar>> encoder_layers;
  Tensor<Scalar> encoder_output;  // (N_s, d_model); 0 rows for a decoder-only model
  DropoutCache<Scalar> target_embedding_dropout;
  std::vector<DecoderLayerCache<Scalar>> decoder_layers;
  Tensor<Scalar> decoder_output;  // (N_t, d_model)
};

// → logits: (N_t, target_vocab), one row per decoder input token of the packed batch.
template <typename Scalar>
Tensor<Scalar> transformer_forward(const TransformerParameters<Scalar>& p, const ModelConfig& config,
                                   const TrainingBatch& batch, const DropoutSettings& dropout,
                                   TransformerCache<Scalar>& cache);

// d_logits: ∂L/∂logits from the loss. Accumulates every parameter's gradient into grad.
template <typename Scalar>
void transformer_backward(const TransformerParameters<Scalar>& p, const ModelConfig& config, const TrainingBatch& batch,
                          const TransformerCache<Scalar>& cache, const Tensor<Scalar>& d_logits,
                          TransformerParameters<Scalar>& grad);

}  // namespace core
