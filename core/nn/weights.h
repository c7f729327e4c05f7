#pragma once
// One plain struct per box of the Transformer diagram, holding views of that box's weights.
// Shapes follow the checkpoints: a Linear's weight is [out, in] (y = x Wᵀ + b).
// The structs own nothing; Model keeps the storage they point into alive. An empty view means
// "this model has no such tensor" (no bias, no β, no second norm).

#include <vector>

#include "tensor/tensor.h"

namespace core {

struct LinearWeights {
  WeightMatrix weight;  // [out, in]
  WeightVector bias;    // [out], or empty for no bias
};

// LayerNorm (γ and β) or RMSNorm (γ only); which one is the block spec's NormSpec.
struct NormWeights {
  WeightVector gamma;  // [d] learned scale γ
  WeightVector beta;   // [d] learned shift β, or empty (RMSNorm)

  bool empty() const { return gamma.empty(); }
};

// Multi-head attention: q = W^q a + b^q, k = W^k a + b^k, v = W^v a + b^v, heads concatenated, then W^O.
// With grouped-query attention W^k and W^v have kv_heads · head_dim rows, fewer than W^q's heads · head_dim.
struct AttentionWeights {
  LinearWeights w_q;            // [heads · head_dim, d_model]
  LinearWeights w_k;            // [kv_heads · head_dim, d_model]
  LinearWeights w_v;            // [kv_heads · head_dim, d_model]
  LinearWeights w_o;            // [d_model, heads · head_dim]
  WeightMatrix relative_bias;   // T5: [buckets, heads], layer 0's table (shared by every layer); else empty
};

// FFN(x) = W_down act(x W_upᵀ) or, gated, W_down (act(x W_gateᵀ) ⊙ x W_upᵀ).
struct FeedForwardWeights {
  LinearWeights up;    // [d_ff, d_model]
  LinearWeights gate;  // [d_ff, d_model], gated feed-forward only
  LinearWeights down;  // [d_model, d_ff]
};

struct BlockWeights {
  AttentionWeights self_attention;
  NormWeights self_attention_norm;
  AttentionWeights cross_attention;  // decoder blocks of encoder-decoder models
  NormWeights cross_attention_norm;
  FeedForwardWeights feed_forward;
  NormWeights feed_forward_norm;
  NormWeights self_attention_output_norm;  // Gemma 2's post-attention norm, or empty
  NormWeights feed_forward_output_norm;    // Gemma 2's post-feed-forward norm, or empty
};

struct EmbeddingWeights {
  WeightMatrix tokens;      // [vocab, d_model]
  WeightMatrix positions;   // [max_positions (+ offset), d_model]; learned or precomputed sinusoid; or empty
  WeightVector token_type;  // [d_model] the token type 0 row (BERT), or empty
  // [type_vocab_size, d_model] BERT's whole token type table ("embeddings.token_type_embeddings.weight"),
  // for text pairs whose second text has token type 1; or empty
  WeightMatrix token_types;
  NormWeights norm;         // embedding norm (BERT, BART, BLOOM), or empty
};

struct StackWeights {
  EmbeddingWeights embedding;
  std::vector<BlockWeights> blocks;
  NormWeights final_norm;  // pre-norm stacks end with one; empty otherwise
};

// Final Linear → softmax. BERT's MLM head first applies dense → activation → norm.
struct OutputHeadWeights {
  LinearWeights transform;   // BERT-style MLM transform, or empty
  NormWeights transform_norm;
  WeightMatrix projection;   // [vocab, d_model]
  WeightVector bias;         // [vocab] or empty
};

// A fine-tuned encoder's task head: optional hidden layer (pooler), then the label projection.
struct ClassifierWeights {
  LinearWeights hidden;  // [d_model, d_model], sequence classification only; or empty
  LinearWeights output;  // [labels, d_model]
};

struct ModelWeights {
  StackWeights encoder;  // empty blocks for decoder-only models
  StackWeights decoder;  // empty blocks for encoder-only models
  OutputHeadWeights output_head;  // projection empty when the model has no output head
  ClassifierWeights classifier;   // a fine-tuned encoder's task head, or empty
};

}  // namespace core
