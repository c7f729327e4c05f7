#pragma once
// One plain struct per box of the Transformer diagram, holding views of that box's weights.
// Shapes follow the checkpoints: a Linear's weight is [out, in] (y = x Wᵀ + b).
// The structs own nothing; Model keeps the storage they point into alive.

#include <optional>
#include <vector>

#include "tensor.h"

namespace core {

struct LinearWeights {
  WeightMatrix weight;       // [out, in]
  WeightVector bias;         // [out], or empty for no bias
};

struct LayerNormWeights {
  WeightVector gamma;  // [d_model] learned scale γ
  WeightVector beta;  // [d_model] learned shift β
};

// Multi-head attention: q = W^q a + b^q, k = W^k a + b^k, v = W^v a + b^v, heads concatenated, then W^O.
struct AttentionWeights {
  LinearWeights w_q;  // [d_model, d_model]
  LinearWeights w_k;  // [d_model, d_model]
  LinearWeights w_v;  // [d_model, d_model]
  LinearWeights w_o;  // [d_model, d_model]
};

struct FeedForwardWeights {
  LinearWeights fc1;  // [d_ff, d_model]
  LinearWeights fc2;  // [d_model, d_ff]
};

struct EncoderLayerWeights {
  AttentionWeights self_attention;
  LayerNormWeights self_attention_norm;
  FeedForwardWeights feed_forward;
  LayerNormWeights feed_forward_norm;
};

struct DecoderLayerWeights {
  AttentionWeights self_attention;  // masked
  LayerNormWeights self_attention_norm;
  AttentionWeights cross_attention;  // queries from the decoder, keys and values from the encoder
  LayerNormWeights cross_attention_norm;
  FeedForwardWeights feed_forward;
  LayerNormWeights feed_forward_norm;
};

struct EmbeddingWeights {
  WeightMatrix tokens;      // [vocab, d_model]
  WeightMatrix positions;   // [max_positions (+ offset), d_model]; learned or precomputed sinusoid
  WeightVector token_type;  // [d_model] BERT's token type 0 row, or empty
  std::optional<LayerNormWeights> norm;         // embedding LayerNorm, when the model has one
};

struct EncoderWeights {
  EmbeddingWeights embedding;
  std::vector<EncoderLayerWeights> layers;
  std::optional<LayerNormWeights> final_norm;  // pre-LN stacks end with one
};

struct DecoderWeights {
  EmbeddingWeights embedding;
  std::vector<DecoderLayerWeights> layers;
  std::optional<LayerNormWeights> final_norm;
};

// Final Linear → softmax. BERT's MLM head first applies dense → activation → LayerNorm.
struct OutputHeadWeights {
  std::optional<LinearWeights> transform;
  std::optional<LayerNormWeights> transform_norm;
  WeightMatrix projection;  // [vocab, d_model]
  WeightVector bias;             // [vocab] or empty
};

struct ModelWeights {
  std::optional<EncoderWeights> encoder;
  std::optional<DecoderWeights> decoder;
  std::optional<OutputHeadWeights> output_head;
};

}  // namespace core
