#include "families/model_writer.h"

#include "io/atomic_file.h"
#include <stdexcept>

#include "io/safetensors.h"

namespace core {

namespace {

void add_linear(std::vector<TensorShape>& shapes, const std::string& prefix, std::int64_t out, std::int64_t in,
                bool bias = true) {
  shapes.push_back({prefix + "weight", {out, in}});
  if (bias) shapes.push_back({prefix + "bias", {out}});
}

void add_norm(std::vector<TensorShape>& shapes, const std::string& prefix, std::int64_t d) {
  shapes.push_back({prefix + "weight", {d}});
  shapes.push_back({prefix + "bias", {d}});
}

void add_attention(std::vector<TensorShape>& shapes, const std::string& prefix, std::int64_t d) {
  for (const char* projection : {"q_proj.", "k_proj.", "v_proj.", "out_proj."}) {
    add_linear(shapes, prefix + projection, d, d);
  }
}

void add_stack(std::vector<TensorShape>& shapes, const ModelConfig& config, const std::string& stack, int layers,
               int vocab_size, bool cross_attention) {
  const std::int64_t d = config.d_model;
  shapes.push_back({stack + "embed_tokens.weight", {vocab_size, d}});
  if (config.positional_encoding == PositionalEncoding::Learned) {
    shapes.push_back({stack + "embed_positions.weight", {config.max_positions + config.position_offset, d}});
  }
  if (config.embedding_layer_norm) add_norm(shapes, stack + "layernorm_embedding.", d);
  for (int l = 0; l < layers; ++l) {
    const std::string layer = stack + "layers." + std::to_string(l) + ".";
    add_attention(shapes, layer + "self_attn.", d);
    add_norm(shapes, layer + "self_attn_layer_norm.", d);
    if (cross_attention) {
      add_attention(shapes, layer + "encoder_attn.", d);
      add_norm(shapes, layer + "encoder_attn_layer_norm.", d);
    }
    add_linear(shapes, layer + "fc1.", config.d_ff, d);
    add_linear(shapes, layer + "fc2.", d, config.d_ff);
    add_norm(shapes, layer + "final_layer_norm.", d);
  }
  if (config.norm_placement == NormPlacement::PreNorm) add_norm(shapes, stack + "layer_norm.", d);
}

void write_lines(const std::filesystem::path& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + '\n';
  write_file_atomically(path, text);
}

}  // namespace

std::vector<TensorShape> native_tensor_shapes(const ModelConfig& config) {
  std::vector<TensorShape> shapes;
  if (config.has_encoder()) {
    add_stack(shapes, config, "encoder.", config.encoder_layers, config.source_vocab_size, false);
  }
  if (config.has_decoder()) {
    add_stack(shapes, config, "decoder.", config.decoder_layers, config.target_vocab_size, config.has_encoder());
    add_linear(shapes, "lm_head.", config.target_vocab_size, config.d_model, config.output_bias);
  }
  return shapes;
}

nlohmann::json native_config_json(const ModelConfig& config, const NativeVocabulary& vocabulary) {
  nlohmann::json json;
  json["model_type"] = "attnscope";
  json["name"] = config.name;
  json["architecture"] = to_string(config.architecture);
  json["d_model"] = config.d_model;
  json["heads"] = config.heads;
  json["d_ff"] = config.d_ff;
  if (config.has_encoder()) {
    json["encoder_layers"] = config.encoder_layers;
    json["source_vocab_size"] = config.source_vocab_size;
  }
  if (config.has_decoder()) {
    json["decoder_layers"] = config.decoder_layers;
    json["target_vocab_size"] = config.target_vocab_size;
    json["output_bias"] = config.output_bias;
    json["decoder_start_token_id"] = config.decoder_start_token_id;
    json["eos_token_id"] = config.eos_token_id;
  }
  json["max_positions"] = config.max_positions;
  json["positional_encoding"] = to_string(config.positional_encoding);
  json["position_offset"] = config.position_offset;
  json["scale_embedding"] = config.scale_embedding;
  json["embedding_layer_norm"] = config.embedding_layer_norm;
  json["norm"] = to_string(config.norm_placement);
  json["layer_norm_eps"] = config.layer_norm_eps;
  json["activation"] = to_string(config.activation);
  nlohmann::json tokenizer = {{"kind", vocabulary.kind}, {"lowercase", vocabulary.lowercase}};
  if (config.has_encoder()) tokenizer["source_vocab"] = "source_vocab.txt";
  if (config.has_decoder()) tokenizer["target_vocab"] = "target_vocab.txt";
  json["tokenizer"] = tokenizer;
  return json;
}

void save_native_model(const std::filesystem::path& folder, const ModelConfig& config,
                       const NativeVocabulary& vocabulary, const std::map<std::string, std::vector<float>>& tensors) {
  std::vector<NamedTensor> named;
  for (const TensorShape& expected : native_tensor_shapes(config)) {
    const auto found = tensors.find(expected.name);
    if (found == tensors.end()) throw std::invalid_argument("tensor '" + expected.name + "' is missing");
    std::int64_t count = 1;
    for (const std::int64_t size : expected.shape) count *= size;
    if (static_cast<std::int64_t>(found->second.size()) != count) {
      throw std::invalid_argument("tensor '" + expected.name + "' has " + std::to_string(found->second.size()) +
                                  " values; its shape needs " + std::to_string(count));
    }
    named.push_back({expected.name, expected.shape, found->second});
  }
  std::filesystem::create_directories(folder);
  write_safetensors(folder / "model.safetensors", named);
  if (config.has_encoder()) write_lines(folder / "source_vocab.txt", vocabulary.source);
  if (config.has_decoder()) write_lines(folder / "target_vocab.txt", vocabulary.target);
  write_lines(folder / "config.json", {native_config_json(config, vocabulary).dump(2)});
}

}  // namespace core
