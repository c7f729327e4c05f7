#pragma once
// The hyperparameters of the project's own Transformer ("Attention Is All You Need" and the
// lecture): what the trainer builds and the native model format stores, and what the first
// families (BERT, GPT-2, Marian, BART) are read into. spec_from_config() (model/model_spec.h)
// turns it into the block specs every forward pass reads.

#include <cstdint>
#include <string>

#include "nn/stack_spec.h"

namespace core {

using PositionalEncoding = AbsolutePositions;

enum class NormPlacement {
  PostNorm,  // x = LN(x + sublayer(x)), as in the paper
  PreNorm,   // x = x + sublayer(LN(x)), then one final LN after the stack
};

struct ModelConfig {
  std::string name;        // shown in titles; the folder name when config.json has none
  std::string family;      // "attnscope", "bert", "gpt2", "marian", "bart"
  Architecture architecture = Architecture::EncoderDecoder;

  int d_model = 0;
  int heads = 0;           // attention heads; d_model / heads = d_k per head
  int d_ff = 0;            // hidden width of the position-wise feed-forward network
  int encoder_layers = 0;
  int decoder_layers = 0;
  int source_vocab_size = 0;  // encoder token table rows
  int target_vocab_size = 0;  // decoder token table rows and output classes
  int max_positions = 0;      // longest input the positional encoding covers

  PositionalEncoding positional_encoding = PositionalEncoding::SinusoidalInterleaved;
  int position_offset = 0;        // learned tables only (BART stores two extra rows first)
  bool scale_embedding = false;   // multiply token embeddings by sqrt(d_model)
  bool embedding_layer_norm = false;
  bool token_type_embedding = false;  // BERT adds token type 0 to every token
  NormPlacement norm_placement = NormPlacement::PostNorm;
  float layer_norm_eps = 1e-5f;
  Activation activation = Activation::Relu;

  bool shared_embeddings = false;    // encoder and decoder read one token table
  bool has_output_head = false;      // final Linear → softmax over the target vocabulary
  bool tied_output = false;          // the output Linear reuses the target token table
  bool output_bias = false;          // a bias added to the logits
  bool output_transform = false;     // BERT's MLM head: dense → activation → LN before the projection

  int decoder_start_token_id = -1;   // the first decoder input when generating
  int eos_token_id = -1;             // generation stops after emitting it

  int head_dim() const { return heads > 0 ? d_model / heads : 0; }
  bool has_encoder() const { return architecture != Architecture::DecoderOnly; }
  bool has_decoder() const { return architecture != Architecture::EncoderOnly; }
  // Number of float weights the config implies, computed in 64 bits so absurd configs are
  // caught before anything is allocated.
  std::int64_t parameter_count() const;
};

const char* to_string(NormPlacement placement);

}  // namespace core
