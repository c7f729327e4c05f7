// T5 (v1.0, v1.1, Flan-T5) in HuggingFace layout: an encoder-decoder with RMSNorm pre-norm blocks,
// no biases, no position table, scores q·k with no 1/√d (folded into the initialisation), and a
// learned relative position bias in block 0 of each stack that every layer of that stack adds.
//   shared.weight; {encoder,decoder}.block.N.layer.0.SelfAttention.{q,k,v,o}
//   (block 0: + relative_attention_bias), layer.0.layer_norm; decoder layer.1.EncDecAttention,
//   layer.1.layer_norm; the feed-forward in the last layer: DenseReluDense.{wi,wo} or, gated,
//   {wi_0,wi_1,wo}; {encoder,decoder}.final_layer_norm; lm_head.weight when untied.
#include <cmath>

#include "families/model_families.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

struct T5FeedForward {
  Activation activation;
  bool gated;
};

// feed_forward_proj: "relu" (v1.0), "gated-gelu" (v1.1, Flan-T5: gelu_new), "gated-silu", …
T5FeedForward read_feed_forward(const ConfigReader& reader) {
  const std::string proj = reader.string_or("feed_forward_proj", "relu");
  const bool gated = proj.starts_with("gated-");
  const std::string name = gated ? proj.substr(6) : proj;
  if (name == "relu") return {Activation::Relu, gated};
  // HF maps T5's "gated-gelu" to gelu_new, the tanh approximation.
  if (name == "gelu" && gated) return {Activation::GeluTanh, true};
  if (name == "gelu") return {Activation::GeluErf, false};
  if (name == "gelu_new") return {Activation::GeluTanh, gated};
  if (name == "silu" || name == "swish") return {Activation::Silu, gated};
  reader.fail("'feed_forward_proj' is \"" + proj + "\"; supported: relu, gelu, gelu_new, silu, gated-<one of these>");
}

BlockSpec t5_block(const ConfigReader& reader, int heads, int d_kv, bool decoder) {
  BlockSpec block;
  AttentionSpec& attention = block.self_attention;
  attention.heads = heads;
  attention.kv_heads = heads;
  attention.head_dim = d_kv;
  attention.q_bias = attention.k_bias = attention.v_bias = attention.o_bias = false;
  attention.scale = 1.0f;
  attention.positions = ScorePositions::RelativeBias;
  attention.relative.buckets = reader.positive_int("relative_attention_num_buckets");
  attention.relative.max_distance = reader.int_or("relative_attention_max_distance", 128);
  attention.relative.bidirectional = !decoder;
  attention.mask = decoder ? MaskKind::Causal : MaskKind::None;
  if (decoder) {
    block.cross_attention = true;
    block.cross = attention;
    block.cross.positions = ScorePositions::None;
    block.cross.mask = MaskKind::None;
  }
  const T5FeedForward ff = read_feed_forward(reader);
  block.feed_forward = FeedForwardSpec{reader.positive_int("d_ff"), ff.activation, ff.gated, false};
  block.norm = NormSpec{NormKind::RmsNorm, reader.float_or("layer_norm_epsilon", 1e-6f), false};
  block.layout = ResidualLayout::PreNorm;
  return block;
}

ModelSpec read_spec(const ConfigReader& reader, const std::filesystem::path& folder) {
  ModelSpec spec;
  spec.family = "t5";
  spec.name = folder.filename().string();
  spec.class_name = class_name(reader);
  spec.architecture = Architecture::EncoderDecoder;
  spec.d_model = reader.positive_int("d_model");
  spec.source_vocab_size = reader.positive_int("vocab_size");
  spec.target_vocab_size = spec.source_vocab_size;
  // Relative positions have no trained maximum; n_positions, when given, is the length T5 was trained on.
  spec.max_positions = reader.int_or("n_positions", 512) > 0 ? reader.int_or("n_positions", 512) : 512;
  spec.decoder_start_token_id = reader.int_or("decoder_start_token_id", 0);
  spec.eos_token_id = reader.int_or("eos_token_id", 1);
  const int heads = reader.positive_int("num_heads");
  const int d_kv = reader.positive_int("d_kv");
  const int layers = reader.positive_int("num_layers");
  const std::optional<int> decoder_layers = reader.optional_int("num_decoder_layers");
  const BlockSpec encoder_block = t5_block(reader, heads, d_kv, false);
  spec.encoder.blocks.assign(layers, encoder_block);
  spec.encoder.final_norm = true;
  spec.encoder.final_norm_spec = encoder_block.norm;
  const BlockSpec decoder_block = t5_block(reader, heads, d_kv, true);
  spec.decoder.blocks.assign(decoder_layers ? *decoder_layers : layers, decoder_block);
  spec.decoder.final_norm = true;
  spec.decoder.final_norm_spec = decoder_block.norm;
  spec.has_output_head = true;
  // Tied embeddings: logits = (y · d_model^−½) Eᵀ, as HF rescales before the shared table.
  if (reader.bool_or("tie_word_embeddings", true)) spec.output.input_scale = 1.0f / std::sqrt(static_cast<float>(spec.d_model));
  return spec;
}

AttentionWeights bind_attention(WeightBinder& binder, const std::string& prefix, const AttentionSpec& spec,
                                Eigen::Index d) {
  const Eigen::Index inner = Eigen::Index{spec.heads} * spec.head_dim;
  AttentionWeights attention;
  attention.w_q = bind_linear(binder, prefix + "q.", inner, d, false);
  attention.w_k = bind_linear(binder, prefix + "k.", inner, d, false);
  attention.w_v = bind_linear(binder, prefix + "v.", inner, d, false);
  attention.w_o = bind_linear(binder, prefix + "o.", d, inner, false);
  return attention;
}

StackWeights bind_stack(WeightBinder& binder, const std::string& stack_name, const StackSpec& spec, Eigen::Index d,
                        const WeightMatrix& shared, bool decoder) {
  StackWeights stack;
  const std::string own_table = stack_name + ".embed_tokens.weight";
  stack.embedding.tokens = binder.has(own_table) ? binder.matrix(own_table, shared.rows, d) : shared;
  WeightMatrix relative_bias;
  for (int l = 0; l < spec.layers(); ++l) {
    const BlockSpec& block = spec.blocks[l];
    const std::string prefix = stack_name + ".block." + std::to_string(l) + ".layer.";
    BlockWeights w;
    w.self_attention = bind_attention(binder, prefix + "0.SelfAttention.", block.self_attention, d);
    // Block 0 holds the stack's relative-position table; every later block adds the same bias.
    if (l == 0) {
      relative_bias = binder.float_matrix(prefix + "0.SelfAttention.relative_attention_bias.weight",
                                    block.self_attention.relative.buckets, block.self_attention.heads);
    }
    w.self_attention.relative_bias = relative_bias;
    w.self_attention_norm = bind_norm(binder, prefix + "0.layer_norm.", d, false);
    const std::string ff = prefix + (decoder ? "2" : "1") + ".";
    if (decoder) {
      w.cross_attention = bind_attention(binder, prefix + "1.EncDecAttention.", block.cross, d);
      w.cross_attention_norm = bind_norm(binder, prefix + "1.layer_norm.", d, false);
    }
    const Eigen::Index d_ff = block.feed_forward.d_ff;
    if (block.feed_forward.gated) {
      w.feed_forward.gate = bind_linear(binder, ff + "DenseReluDense.wi_0.", d_ff, d, false);
      w.feed_forward.up = bind_linear(binder, ff + "DenseReluDense.wi_1.", d_ff, d, false);
    } else {
      w.feed_forward.up = bind_linear(binder, ff + "DenseReluDense.wi.", d_ff, d, false);
    }
    w.feed_forward.down = bind_linear(binder, ff + "DenseReluDense.wo.", d, d_ff, false);
    w.feed_forward_norm = bind_norm(binder, ff + "layer_norm.", d, false);
    stack.blocks.push_back(w);
  }
  stack.final_norm = bind_norm(binder, stack_name + ".final_layer_norm.", d, false);
  return stack;
}

}  // namespace

ModelParts load_t5_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelParts parts;
  parts.spec = read_spec(reader, folder);
  const ModelSpec& spec = parts.spec;
  check_spec_sizes(spec, reader);
  const Eigen::Index d = spec.d_model;
  const WeightMatrix shared = binder.matrix("shared.weight", spec.source_vocab_size, d);
  parts.weights.encoder = bind_stack(binder, "encoder", spec.encoder, d, shared, false);
  parts.weights.decoder = bind_stack(binder, "decoder", spec.decoder, d, shared, true);
  parts.weights.output_head.projection = spec.output.input_scale != 1.0f
                                             ? parts.weights.decoder.embedding.tokens
                                             : binder.matrix("lm_head.weight", spec.target_vocab_size, d);
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_t5_tokenizer(folder)); };
  return parts;
}

}  // namespace core
