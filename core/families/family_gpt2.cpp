// GPT-2 (GPT2Model, GPT2LMHeadModel) in HuggingFace layout: a decoder-only, pre-LN stack whose
// Conv1D weights are stored [in, out] with q, k, v packed side by side in c_attn.
#include "families/model_families.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

ModelConfig read_config(const ConfigReader& reader, const std::filesystem::path& folder) {
  ModelConfig config;
  config.family = "gpt2";
  config.name = folder.filename().string();
  config.architecture = Architecture::DecoderOnly;
  config.d_model = reader.positive_int("n_embd");
  config.heads = reader.positive_int("n_head");
  const std::optional<int> inner = reader.optional_int("n_inner");
  config.d_ff = inner ? *inner : 4 * config.d_model;
  config.decoder_layers = reader.positive_int("n_layer");
  config.target_vocab_size = reader.positive_int("vocab_size");
  config.source_vocab_size = config.target_vocab_size;
  config.max_positions = reader.positive_int("n_positions");
  config.positional_encoding = PositionalEncoding::Learned;
  config.norm_placement = NormPlacement::PreNorm;
  config.layer_norm_eps = reader.float_or("layer_norm_epsilon", 1e-5f);
  config.activation = parse_activation(reader, "activation_function");
  config.eos_token_id = reader.int_or("eos_token_id", -1);
  config.decoder_start_token_id = reader.int_or("bos_token_id", -1);
  if (reader.bool_or("scale_attn_by_inverse_layer_idx", false) || reader.bool_or("reorder_and_upcast_attn", false) ||
      !reader.bool_or("scale_attn_weights", true)) {
    reader.fail("GPT-2 attention variants (scale_attn_by_inverse_layer_idx, reorder_and_upcast_attn, "
                "scale_attn_weights false) are not supported");
  }
  return config;
}

// Conv1D: y = x W + b with W stored [in, out]; transposed once to the [out, in] every other layer uses.
LinearWeights bind_conv1d(WeightBinder& binder, const std::string& prefix, Eigen::Index in, Eigen::Index out) {
  return LinearWeights{binder.transposed_matrix(prefix + "weight", out, in), binder.vector(prefix + "bias", out)};
}

BlockWeights bind_layer(WeightBinder& binder, const std::string& layer, const ModelConfig& config) {
  const Eigen::Index d = config.d_model;
  BlockWeights weights;
  // c_attn is [d, 3d]: after transposing, rows [0, d) are W^q, [d, 2d) W^k and [2d, 3d) W^v.
  const LinearWeights packed = bind_conv1d(binder, layer + "attn.c_attn.", d, 3 * d);
  const auto slice = [&](Eigen::Index part) {
    return LinearWeights{packed.weight.middle_rows(part * d, d),
                         WeightVector{packed.bias.data + part * d, d}};
  };
  weights.self_attention = AttentionWeights{slice(0), slice(1), slice(2), bind_conv1d(binder, layer + "attn.c_proj.", d, d), {}};
  weights.self_attention_norm = bind_norm(binder, layer + "ln_1.", d);
  weights.feed_forward.up = bind_conv1d(binder, layer + "mlp.c_fc.", d, config.d_ff);
  weights.feed_forward.down = bind_conv1d(binder, layer + "mlp.c_proj.", config.d_ff, d);
  weights.feed_forward_norm = bind_norm(binder, layer + "ln_2.", d);
  return weights;
}

}  // namespace

ModelParts load_gpt2_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelParts parts;
  ModelConfig config = read_config(reader, folder);
  // GPT2LMHeadModel prefixes the stack with "transformer."; a bare GPT2Model has no prefix and no head.
  const std::string prefix = binder.has("transformer.wte.weight") ? "transformer." : "";
  config.has_output_head = !prefix.empty() || binder.has("lm_head.weight");
  check_config_sizes(config);
  parts.spec = spec_from_config(config);
  parts.spec.class_name = class_name(reader);

  const Eigen::Index d = config.d_model;
  StackWeights& decoder = parts.weights.decoder;
  decoder.embedding.tokens = binder.matrix(prefix + "wte.weight", config.target_vocab_size, d);
  decoder.embedding.positions = bind_positions(binder, prefix + "wpe.weight", config);
  for (int l = 0; l < config.decoder_layers; ++l) {
    decoder.blocks.push_back(bind_layer(binder, prefix + "h." + std::to_string(l) + ".", config));
  }
  decoder.final_norm = bind_norm(binder, prefix + "ln_f.", d);
  if (config.has_output_head) {
    // tied to wte unless the file stores lm_head.weight
    parts.weights.output_head.projection = binder.has("lm_head.weight")
                                               ? binder.matrix("lm_head.weight", config.target_vocab_size, d)
                                               : decoder.embedding.tokens;
  }

  parts.load_tokenizers = [folder] { return shared_tokenizer(load_gpt2_tokenizer(folder)); };
  return parts;
}

}  // namespace core
