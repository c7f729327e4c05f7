#pragma once
// What a loaded model computes, as plain data: its stacks (one BlockSpec per layer), embeddings
// and output head, plus the sizes the views and the input checks need. A family (families/)
// fills it from config.json; nothing patches it after binding.

#include <cstdint>
#include <string>

#include "nn/attention_kind.h"
#include "nn/model_config.h"
#include "nn/stack_spec.h"

namespace core {

struct ModelSpec {
  std::string name;        // shown in titles; the folder name when config.json has none
  std::string family;      // the model_type it was read as: "llama", "bert", "attnscope", …
  std::string class_name;  // config.json architectures[0] ("LlamaForCausalLM"); empty for native models
  Architecture architecture = Architecture::EncoderDecoder;

  int d_model = 0;
  int source_vocab_size = 0;  // encoder token table rows
  int target_vocab_size = 0;  // decoder token table rows and output classes
  int max_positions = 0;      // longest input the model takes

  StackSpec encoder;  // no blocks for decoder-only models
  StackSpec decoder;  // no blocks for encoder-only models
  bool has_output_head = false;  // a language-model head over the vocabulary
  OutputSpec output;
  ClassifierSpec classifier;     // a fine-tuned encoder's task head instead

  int decoder_start_token_id = -1;  // the first decoder input when generating
  int eos_token_id = -1;            // generation stops after emitting it

  bool has_encoder() const { return architecture != Architecture::DecoderOnly; }
  bool has_decoder() const { return architecture != Architecture::EncoderOnly; }
  int encoder_layers() const { return encoder.layers(); }
  int decoder_layers() const { return decoder.layers(); }
  // Query heads per attention layer (the same in every layer of every family supported).
  int heads() const;
  // Layers of one kind of attention (cross-attention: the decoder's layers, when it has an encoder).
  int layers(AttentionKind kind) const;
  // The spec of one attention layer; kind and layer must exist (layers(kind) > layer).
  const AttentionSpec& attention(AttentionKind kind, int layer) const;
};

// Multiply-adds × 2 of one forward pass (as attnscope-cli bench counts them): per block the
// projections, the feed-forward matrices and α = Q Kᵀ, b = α̂ V in full even when masked.
double forward_flops(const ModelSpec& spec, double source_length, double target_length);

// One line each for the Model panel and `attnscope-cli info`:
//   "rotary θ = 500000, llama3 ×32"     "learned (offset 2)"     "ALiBi"     "relative bias, 32 buckets"
std::string describe_positions(const ModelSpec& spec);
//   "32 heads, 8 key/value heads (GQA), head size 64, window 4096 on 16 of 32 layers, soft-cap 50"
std::string describe_attention(const ModelSpec& spec);
//   "RMSNorm (1 + γ), pre-norm, gated gelu_tanh feed-forward 8192"
std::string describe_blocks(const ModelSpec& spec);

// The block specs of the project's own Transformer and of the families read into a ModelConfig.
ModelSpec spec_from_config(const ModelConfig& config);

}  // namespace core
