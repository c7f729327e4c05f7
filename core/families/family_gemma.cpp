// Gemma and Gemma 2 in HuggingFace layout (llama_layout.h). Both: embeddings scaled by √d_model,
// RMSNorm with the scale (1 + γ), head_dim from config.json, GeGLU (gelu_pytorch_tanh), tied
// embeddings. Gemma 2 adds: a norm on each sub-layer's output, scores scaled by
// query_pre_attn_scalar^−½ and soft-capped, layers alternating between a sliding window (even
// layers) and global attention, and soft-capped logits.
#include <cmath>

#include "families/llama_layout.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

// Gemma ignores hidden_act: hidden_activation, or gelu_pytorch_tanh when it is absent or null.
Activation gemma_activation(const ConfigReader& reader) {
  if (!reader.has("hidden_activation") || reader.json().at("hidden_activation").is_null()) return Activation::GeluTanh;
  return parse_activation(reader, "hidden_activation");
}

float optional_float(const ConfigReader& reader, const char* key) {
  if (!reader.has(key) || reader.json().at(key).is_null()) return 0.0f;
  const float value = reader.float_or(key, 0.0f);
  if (!(value > 0.0f)) reader.fail(std::string("'") + key + "' must be positive or null");
  return value;
}

}  // namespace

ModelParts load_gemma_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  const std::string family = reader.string("model_type");
  const bool gemma2 = family == "gemma2";
  ModelParts parts;
  parts.spec = read_llama_style_spec(reader, folder, family, reader.positive_int("head_dim"));
  ModelSpec& spec = parts.spec;
  spec.decoder.embedding.scale = std::sqrt(static_cast<float>(spec.d_model));
  spec.decoder.final_norm_spec.unit_offset = true;
  const Activation activation = gemma_activation(reader);
  const float score_scale = gemma2 ? 1.0f / std::sqrt(static_cast<float>(reader.positive_int("query_pre_attn_scalar")))
                                   : spec.decoder.blocks.front().self_attention.scale;
  const float soft_cap = gemma2 ? optional_float(reader, "attn_logit_softcapping") : 0.0f;
  const std::optional<int> window = gemma2 ? reader.optional_int("sliding_window") : std::nullopt;
  if (window && *window <= 0) reader.fail("'sliding_window' must be positive or null");
  for (int l = 0; l < spec.decoder.layers(); ++l) {
    BlockSpec& block = spec.decoder.blocks[l];
    block.norm.unit_offset = true;
    block.feed_forward.activation = activation;
    block.sublayer_output_norms = gemma2;
    block.self_attention.scale = score_scale;
    block.self_attention.soft_cap = soft_cap;
    // Gemma 2: even layers are local (sliding window), odd layers global.
    if (window && l % 2 == 0) block.self_attention.window = *window;
  }
  if (gemma2) spec.output.soft_cap = optional_float(reader, "final_logit_softcapping");
  spec.has_output_head = has_lm_head(binder, spec);
  check_spec_sizes(spec, reader);
  bind_llama_style(binder, spec, reader.bool_or("tie_word_embeddings", true), parts.weights);
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_gemma_tokenizer(folder)); };
  return parts;
}

}  // namespace core
