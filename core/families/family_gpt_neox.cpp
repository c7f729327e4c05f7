// GPT-NeoX and Pythia in HuggingFace layout: LayerNorm pre-norm, a fused query_key_value grouped
// by head (fused_qkv.h), rotary positions on the first rotary_pct of each head's dims, and the
// parallel residual x + Attn(N₁(x)) + MLP(N₂(x)) when use_parallel_residual (the default).
//   gpt_neox.embed_in, gpt_neox.layers.N.{input_layernorm, post_attention_layernorm,
//   attention.query_key_value, attention.dense, mlp.dense_h_to_4h, mlp.dense_4h_to_h},
//   gpt_neox.final_layer_norm, embed_out (untied)
#include <cmath>

#include "families/fused_qkv.h"
#include "families/llama_layout.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

ModelSpec read_spec(const ConfigReader& reader, const std::filesystem::path& folder) {
  ModelSpec spec;
  spec.family = "gpt_neox";
  spec.name = folder.filename().string();
  spec.class_name = class_name(reader);
  spec.architecture = Architecture::DecoderOnly;
  spec.d_model = reader.positive_int("hidden_size");
  spec.target_vocab_size = reader.positive_int("vocab_size");
  spec.source_vocab_size = spec.target_vocab_size;
  const int max_position_embeddings = reader.positive_int("max_position_embeddings");
  spec.max_positions = max_position_embeddings;
  spec.eos_token_id = reader.int_or("eos_token_id", -1);

  AttentionSpec attention;
  attention.heads = reader.positive_int("num_attention_heads");
  if (spec.d_model % attention.heads != 0) {
    reader.fail("'num_attention_heads' (" + std::to_string(attention.heads) + ") does not divide 'hidden_size' (" +
                std::to_string(spec.d_model) + ")");
  }
  attention.kv_heads = attention.heads;
  attention.head_dim = spec.d_model / attention.heads;
  attention.q_bias = attention.k_bias = attention.v_bias = attention.o_bias = reader.bool_or("attention_bias", true);
  attention.scale = 1.0f / std::sqrt(static_cast<float>(attention.head_dim));
  attention.positions = ScorePositions::Rotary;
  attention.rotary = read_rotary(reader, attention.head_dim, reader.float_or("rotary_pct", 0.25f), "rotary_emb_base",
                                 10000.0f, max_position_embeddings);
  attention.mask = MaskKind::Causal;

  BlockSpec block;
  block.self_attention = attention;
  block.feed_forward = FeedForwardSpec{reader.positive_int("intermediate_size"), parse_activation(reader, "hidden_act"),
                                       false, true};
  block.norm = NormSpec{NormKind::LayerNorm, reader.float_or("layer_norm_eps", 1e-5f), false};
  block.layout = reader.bool_or("use_parallel_residual", true) ? ResidualLayout::Parallel : ResidualLayout::PreNorm;
  spec.decoder.blocks.assign(reader.positive_int("num_hidden_layers"), block);
  spec.decoder.final_norm = true;
  spec.decoder.final_norm_spec = block.norm;
  return spec;
}

}  // namespace

ModelParts load_gpt_neox_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelParts parts;
  parts.spec = read_spec(reader, folder);
  ModelSpec& spec = parts.spec;
  const std::string prefix = binder.has("gpt_neox.embed_in.weight") ? "gpt_neox." : "";
  spec.has_output_head = binder.has("embed_out.weight") || spec.class_name.ends_with("ForCausalLM");
  check_spec_sizes(spec, reader);

  const Eigen::Index d = spec.d_model;
  StackWeights& stack = parts.weights.decoder;
  stack.embedding.tokens = binder.matrix(prefix + "embed_in.weight", spec.target_vocab_size, d);
  for (int l = 0; l < spec.decoder.layers(); ++l) {
    const BlockSpec& block = spec.decoder.blocks[l];
    const AttentionSpec& a = block.self_attention;
    const std::string layer = prefix + "layers." + std::to_string(l) + ".";
    BlockWeights w;
    bind_fused_qkv_by_head(binder, layer + "attention.query_key_value.", a.heads, a.head_dim, d, a.q_bias,
                           w.self_attention);
    w.self_attention.w_o = bind_linear(binder, layer + "attention.dense.", d, d, a.o_bias);
    w.self_attention_norm = bind_norm(binder, layer + "input_layernorm.", d);
    w.feed_forward_norm = bind_norm(binder, layer + "post_attention_layernorm.", d);
    w.feed_forward.up = bind_linear(binder, layer + "mlp.dense_h_to_4h.", block.feed_forward.d_ff, d);
    w.feed_forward.down = bind_linear(binder, layer + "mlp.dense_4h_to_h.", d, block.feed_forward.d_ff);
    stack.blocks.push_back(w);
  }
  stack.final_norm = bind_norm(binder, prefix + "final_layer_norm.", d);
  if (spec.has_output_head) {
    parts.weights.output_head.projection = reader.bool_or("tie_word_embeddings", false)
                                               ? stack.embedding.tokens
                                               : binder.matrix("embed_out.weight", spec.target_vocab_size, d);
  }
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_gpt2_tokenizer(folder)); };
  return parts;
}

}  // namespace core
