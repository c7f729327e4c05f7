#pragma once
// The architecture of a model, in the terms of "Attention Is All You Need" and the lecture:
// which stacks it has, their sizes, and the choices real checkpoints differ on
// (positional encoding, where LayerNorm sits, the feed-forward activation, the output head).

#include <cstdint>
#include <string>

namespace core {

enum class Architecture { EncoderOnly, DecoderOnly, EncoderDecoder };

enum class PositionalEncoding {
  None,
  SinusoidalInterleaved,  // the paper: PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(…)
  SinusoidalHalves,       // sin in columns [0, d/2), cos in [d/2, d) (Marian)
  Learned,                // a trained table; position p reads row p + position_offset
};

enum class NormPlacement {
  PostNorm,  // x = LN(x + sublayer(x)), as in the paper
  PreNorm,   // x = x + sublayer(LN(x)), then one final LN after the stack
};

enum class Activation { Relu, GeluErf, GeluTanh, Silu };

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

const char* to_string(Architecture architecture);
const char* to_string(PositionalEncoding encoding);
const char* to_string(NormPlacement placement);
const char* to_string(Activation activation);

}  // namespace core
