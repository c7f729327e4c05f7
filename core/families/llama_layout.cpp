#include "families/llama_layout.h"

#include <cmath>

#include "tensor/errors.h"

namespace core {

RotarySpec read_rotary(const ConfigReader& reader, int head_dim, float rotary_fraction, const char* theta_key,
                       float default_theta, int max_position_embeddings) {
  RotarySpec rotary;
  rotary.theta = reader.float_or(theta_key, default_theta);
  rotary.rotary_dim = static_cast<int>(static_cast<float>(head_dim) * rotary_fraction);
  if (rotary.rotary_dim < 2 || rotary.rotary_dim % 2 != 0) {
    reader.fail("the rotary dimension (" + std::to_string(rotary.rotary_dim) + " of head size " +
                std::to_string(head_dim) + ") must be even and at least 2");
  }
  const nlohmann::json& json = reader.json();
  const auto found = json.find("rope_scaling");
  if (found == json.end() || found->is_null()) return rotary;
  if (!found->is_object()) reader.fail("'rope_scaling' must be an object or null");
  const nlohmann::json& scaling = *found;
  // HF v4.43 reads "rope_type", older files "type".
  const std::string type = scaling.value("rope_type", scaling.value("type", std::string("default")));
  const auto number = [&](const char* key, double fallback) {
    const auto value = scaling.find(key);
    if (value == scaling.end() || value->is_null()) return fallback;
    if (!value->is_number()) reader.fail(std::string("'rope_scaling.") + key + "' must be a number");
    return value->get<double>();
  };
  RopeScaling& s = rotary.scaling;
  s.max_positions = max_position_embeddings;
  if (type == "default") return rotary;
  s.factor = static_cast<float>(number("factor", 1.0));
  if (!(s.factor > 0.0f)) reader.fail("'rope_scaling.factor' must be positive");
  if (type == "linear") {
    s.type = RopeScalingType::Linear;
  } else if (type == "dynamic") {
    s.type = RopeScalingType::Dynamic;
  } else if (type == "llama3") {
    s.type = RopeScalingType::Llama3;
    s.low_freq_factor = static_cast<float>(number("low_freq_factor", 1.0));
    s.high_freq_factor = static_cast<float>(number("high_freq_factor", 4.0));
    s.original_max_positions = static_cast<int>(number("original_max_position_embeddings", 8192));
    if (s.high_freq_factor <= s.low_freq_factor || s.original_max_positions <= 0) {
      reader.fail("'rope_scaling' llama3 needs high_freq_factor > low_freq_factor and a positive "
                  "original_max_position_embeddings");
    }
  } else if (type == "yarn") {
    s.type = RopeScalingType::Yarn;
    s.beta_fast = static_cast<float>(number("beta_fast", 32.0));
    s.beta_slow = static_cast<float>(number("beta_slow", 1.0));
    s.attention_factor = static_cast<float>(number("attention_factor", 0.1 * std::log(s.factor) + 1.0));
  } else {
    reader.fail("'rope_scaling' type \"" + type + "\" is not supported; supported: default, linear, dynamic, llama3, yarn");
  }
  return rotary;
}

ModelSpec read_llama_style_spec(const ConfigReader& reader, const std::filesystem::path& folder,
                                const std::string& family, int head_dim) {
  ModelSpec spec;
  spec.family = family;
  spec.name = folder.filename().string();
  spec.class_name = class_name(reader);
  spec.architecture = Architecture::DecoderOnly;
  spec.d_model = reader.positive_int("hidden_size");
  spec.target_vocab_size = reader.positive_int("vocab_size");
  spec.source_vocab_size = spec.target_vocab_size;
  const int max_position_embeddings = reader.positive_int("max_position_embeddings");
  spec.eos_token_id = reader.int_or("eos_token_id", -1);

  AttentionSpec attention;
  attention.heads = reader.positive_int("num_attention_heads");
  attention.kv_heads = reader.has("num_key_value_heads") && !reader.json().at("num_key_value_heads").is_null()
                           ? reader.positive_int("num_key_value_heads")
                           : attention.heads;
  if (attention.heads % attention.kv_heads != 0) {
    reader.fail("'num_key_value_heads' (" + std::to_string(attention.kv_heads) + ") must divide 'num_attention_heads' (" +
                std::to_string(attention.heads) + ")");
  }
  attention.head_dim = head_dim;
  if (attention.head_dim <= 0) reader.fail("the head size must be positive ('head_dim' or 'hidden_size' / 'num_attention_heads')");
  attention.q_bias = attention.k_bias = attention.v_bias = attention.o_bias = reader.bool_or("attention_bias", false);
  attention.scale = 1.0f / std::sqrt(static_cast<float>(head_dim));
  attention.positions = ScorePositions::Rotary;
  attention.rotary = read_rotary(reader, head_dim, 1.0f, "rope_theta", 10000.0f, max_position_embeddings);
  attention.mask = MaskKind::Causal;

  // A rotary model has no position table; scaled types are meant for inputs past the trained length.
  const RopeScaling& scaling = attention.rotary.scaling;
  const bool extends = scaling.type == RopeScalingType::Linear || scaling.type == RopeScalingType::Dynamic ||
                       scaling.type == RopeScalingType::Yarn;
  spec.max_positions = extends ? static_cast<int>(std::ceil(max_position_embeddings * scaling.factor))
                               : max_position_embeddings;

  BlockSpec block;
  block.self_attention = attention;
  // hidden_act defaults to silu (SwiGLU); Gemma reads hidden_activation instead (family_gemma.cpp).
  const Activation activation = reader.has("hidden_act") ? parse_activation(reader, "hidden_act") : Activation::Silu;
  block.feed_forward =
      FeedForwardSpec{reader.positive_int("intermediate_size"), activation, true, reader.bool_or("mlp_bias", false)};
  block.norm = NormSpec{NormKind::RmsNorm, reader.float_or("rms_norm_eps", 1e-6f), false};
  block.layout = ResidualLayout::PreNorm;
  spec.decoder.blocks.assign(reader.positive_int("num_hidden_layers"), block);
  spec.decoder.final_norm = true;
  spec.decoder.final_norm_spec = block.norm;
  return spec;
}

void bind_llama_style(WeightBinder& binder, const ModelSpec& spec, bool tied, ModelWeights& weights) {
  const Eigen::Index d = spec.d_model;
  const std::string prefix = binder.has("model.embed_tokens.weight") ? "model." : "";
  StackWeights& stack = weights.decoder;
  stack.embedding.tokens = binder.matrix(prefix + "embed_tokens.weight", spec.target_vocab_size, d);
  for (int l = 0; l < spec.decoder.layers(); ++l) {
    const BlockSpec& block = spec.decoder.blocks[l];
    const AttentionSpec& a = block.self_attention;
    const Eigen::Index q_rows = Eigen::Index{a.heads} * a.head_dim;
    const Eigen::Index kv_rows = Eigen::Index{a.kv_heads} * a.head_dim;
    const Eigen::Index d_ff = block.feed_forward.d_ff;
    const std::string layer = prefix + "layers." + std::to_string(l) + ".";
    BlockWeights w;
    w.self_attention.w_q = bind_linear(binder, layer + "self_attn.q_proj.", q_rows, d, a.q_bias);
    w.self_attention.w_k = bind_linear(binder, layer + "self_attn.k_proj.", kv_rows, d, a.k_bias);
    w.self_attention.w_v = bind_linear(binder, layer + "self_attn.v_proj.", kv_rows, d, a.v_bias);
    w.self_attention.w_o = bind_linear(binder, layer + "self_attn.o_proj.", d, q_rows, a.o_bias);
    w.self_attention_norm = bind_norm(binder, layer + "input_layernorm.", d, false);
    if (block.sublayer_output_norms) {
      // Gemma 2: post_attention_layernorm normalises the attention's output; the MLP has its own pair.
      w.self_attention_output_norm = bind_norm(binder, layer + "post_attention_layernorm.", d, false);
      w.feed_forward_norm = bind_norm(binder, layer + "pre_feedforward_layernorm.", d, false);
      w.feed_forward_output_norm = bind_norm(binder, layer + "post_feedforward_layernorm.", d, false);
    } else {
      w.feed_forward_norm = bind_norm(binder, layer + "post_attention_layernorm.", d, false);
    }
    const bool bias = block.feed_forward.bias;
    w.feed_forward.gate = bind_linear(binder, layer + "mlp.gate_proj.", d_ff, d, bias);
    w.feed_forward.up = bind_linear(binder, layer + "mlp.up_proj.", d_ff, d, bias);
    w.feed_forward.down = bind_linear(binder, layer + "mlp.down_proj.", d, d_ff, bias);
    stack.blocks.push_back(w);
  }
  stack.final_norm = bind_norm(binder, prefix + "norm.", d, false);
  if (!spec.has_output_head) return;
  // Tied embeddings are stored once: lm_head.weight is absent (or, in some files, an unused copy).
  weights.output_head.projection =
      tied ? stack.embedding.tokens : binder.matrix("lm_head.weight", spec.target_vocab_size, d);
}

bool has_lm_head(const WeightBinder& binder, const ModelSpec& spec) {
  // A bare *Model (LlamaModel, …) has no head; *ForCausalLM always has one.
  if (binder.has("lm_head.weight")) return true;
  return !(spec.class_name.size() >= 5 && spec.class_name.ends_with("Model"));
}

}  // namespace core
