// BLOOM in HuggingFace layout: ALiBi instead of a position table (α_{i,j} += m_h · j), an
// embedding LayerNorm, LayerNorm pre-norm blocks, a fused query_key_value grouped by head
// (fused_qkv.h), the tanh GELU, and the LM head tied to the word embeddings.
//   transformer.word_embeddings, transformer.word_embeddings_layernorm,
//   transformer.h.N.{input_layernorm, self_attention.query_key_value, self_attention.dense,
//   post_attention_layernorm, mlp.dense_h_to_4h, mlp.dense_4h_to_h}, transformer.ln_f
#include <cmath>

#include "families/fused_qkv.h"
#include "families/model_families.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

int config_int(const ConfigReader& reader, const char* key, const char* old_key) {
  return reader.has(key) ? reader.positive_int(key) : reader.positive_int(old_key);
}

ModelSpec read_spec(const ConfigReader& reader, const std::filesystem::path& folder) {
  ModelSpec spec;
  spec.family = "bloom";
  spec.name = folder.filename().string();
  spec.class_name = class_name(reader);
  spec.architecture = Architecture::DecoderOnly;
  // BloomConfig maps the older names n_embed, n_layer, n_head onto these.
  spec.d_model = config_int(reader, "hidden_size", "n_embed");
  spec.target_vocab_size = reader.positive_int("vocab_size");
  spec.source_vocab_size = spec.target_vocab_size;
  // ALiBi has no trained length; seq_length, when given, is what the model was trained on.
  spec.max_positions = reader.int_or("seq_length", 2048) > 0 ? reader.int_or("seq_length", 2048) : 2048;
  spec.eos_token_id = reader.int_or("eos_token_id", -1);
  if (reader.bool_or("apply_residual_connection_post_layernorm", false)) {
    reader.fail("'apply_residual_connection_post_layernorm' true is not supported");
  }

  AttentionSpec attention;
  attention.heads = config_int(reader, "n_head", "num_attention_heads");
  if (spec.d_model % attention.heads != 0) {
    reader.fail("'n_head' (" + std::to_string(attention.heads) + ") does not divide 'hidden_size' (" +
                std::to_string(spec.d_model) + ")");
  }
  attention.kv_heads = attention.heads;
  attention.head_dim = spec.d_model / attention.heads;
  attention.scale = 1.0f / std::sqrt(static_cast<float>(attention.head_dim));
  attention.positions = ScorePositions::Alibi;
  attention.mask = MaskKind::Causal;

  BlockSpec block;
  block.self_attention = attention;
  block.feed_forward = FeedForwardSpec{4 * spec.d_model, Activation::GeluTanh, false, true};
  block.norm = NormSpec{NormKind::LayerNorm, reader.float_or("layer_norm_epsilon", 1e-5f), false};
  block.layout = ResidualLayout::PreNorm;
  spec.decoder.embedding.norm = true;
  spec.decoder.embedding.norm_spec = block.norm;
  spec.decoder.blocks.assign(config_int(reader, "n_layer", "num_hidden_layers"), block);
  spec.decoder.final_norm = true;
  spec.decoder.final_norm_spec = block.norm;
  return spec;
}

}  // namespace

ModelParts load_bloom_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelParts parts;
  parts.spec = read_spec(reader, folder);
  ModelSpec& spec = parts.spec;
  const std::string prefix = binder.has("transformer.word_embeddings.weight") ? "transformer." : "";
  spec.has_output_head = !prefix.empty() || binder.has("lm_head.weight");
  check_spec_sizes(spec, reader);

  const Eigen::Index d = spec.d_model;
  StackWeights& stack = parts.weights.decoder;
  stack.embedding.tokens = binder.matrix(prefix + "word_embeddings.weight", spec.target_vocab_size, d);
  stack.embedding.norm = bind_norm(binder, prefix + "word_embeddings_layernorm.", d);
  for (int l = 0; l < spec.decoder.layers(); ++l) {
    const BlockSpec& block = spec.decoder.blocks[l];
    const std::string layer = prefix + "h." + std::to_string(l) + ".";
    BlockWeights w;
    bind_fused_qkv_by_head(binder, layer + "self_attention.query_key_value.", block.self_attention.heads,
                           block.self_attention.head_dim, d, true, w.self_attention);
    w.self_attention.w_o = bind_linear(binder, layer + "self_attention.dense.", d, d);
    w.self_attention_norm = bind_norm(binder, layer + "input_layernorm.", d);
    w.feed_forward_norm = bind_norm(binder, layer + "post_attention_layernorm.", d);
    w.feed_forward.up = bind_linear(binder, layer + "mlp.dense_h_to_4h.", block.feed_forward.d_ff, d);
    w.feed_forward.down = bind_linear(binder, layer + "mlp.dense_4h_to_h.", d, block.feed_forward.d_ff);
    stack.blocks.push_back(w);
  }
  stack.final_norm = bind_norm(binder, prefix + "ln_f.", d);
  if (spec.has_output_head) {
    parts.weights.output_head.projection = binder.has("lm_head.weight")
                                               ? binder.matrix("lm_head.weight", spec.target_vocab_size, d)
                                               : stack.embedding.tokens;
  }
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_gpt2_tokenizer(folder)); };
  return parts;
}

}  // namespace core
