// AttentionScope's own format (docs/model-format.md): fairseq-style tensor names without a prefix,
// every architecture choice spelled out in config.json.
#include "families/model_families.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

Architecture parse_architecture(const ConfigReader& reader) {
  const std::string name = reader.string("architecture");
  if (name == "encoder-decoder") return Architecture::EncoderDecoder;
  if (name == "encoder") return Architecture::EncoderOnly;
  if (name == "decoder") return Architecture::DecoderOnly;
  reader.fail("'architecture' is \"" + name + "\"; expected \"encoder-decoder\", \"encoder\" or \"decoder\"");
}

PositionalEncoding parse_positional_encoding(const ConfigReader& reader) {
  const std::string name = reader.string("positional_encoding");
  if (name == "sinusoidal") return PositionalEncoding::SinusoidalInterleaved;
  if (name == "sinusoidal-halves") return PositionalEncoding::SinusoidalHalves;
  if (name == "learned") return PositionalEncoding::Learned;
  if (name == "none") return PositionalEncoding::None;
  reader.fail("'positional_encoding' is \"" + name +
              "\"; expected \"sinusoidal\", \"sinusoidal-halves\", \"learned\" or \"none\"");
}

NormPlacement parse_norm(const ConfigReader& reader) {
  const std::string name = reader.string_or("norm", "post");
  if (name == "post") return NormPlacement::PostNorm;
  if (name == "pre") return NormPlacement::PreNorm;
  reader.fail("'norm' is \"" + name + "\"; expected \"post\" or \"pre\"");
}

ModelConfig read_config(const ConfigReader& reader, const std::filesystem::path& folder) {
  ModelConfig config;
  config.family = "attnscope";
  config.name = reader.string_or("name", folder.filename().string());
  config.architecture = parse_architecture(reader);
  config.d_model = reader.positive_int("d_model");
  config.heads = reader.positive_int("heads");
  config.d_ff = reader.positive_int("d_ff");
  if (config.has_encoder()) {
    config.encoder_layers = reader.positive_int("encoder_layers");
    config.source_vocab_size = reader.positive_int("source_vocab_size");
  }
  if (config.has_decoder()) {
    config.decoder_layers = reader.positive_int("decoder_layers");
    config.target_vocab_size = reader.positive_int("target_vocab_size");
  }
  config.max_positions = reader.positive_int("max_positions");
  config.positional_encoding = parse_positional_encoding(reader);
  config.position_offset = reader.int_or("position_offset", 0);
  config.scale_embedding = reader.bool_or("scale_embedding", false);
  config.embedding_layer_norm = reader.bool_or("embedding_layer_norm", false);
  config.norm_placement = parse_norm(reader);
  config.layer_norm_eps = reader.float_or("layer_norm_eps", 1e-5f);
  config.activation = parse_activation(reader, "activation");
  config.has_output_head = config.has_decoder();
  config.output_bias = config.has_output_head && reader.bool_or("output_bias", true);
  config.decoder_start_token_id = reader.int_or("decoder_start_token_id", -1);
  config.eos_token_id = reader.int_or("eos_token_id", -1);
  return config;
}

EmbeddingWeights bind_embedding(WeightBinder& binder, const std::string& stack, int vocab_size,
                                const ModelConfig& config) {
  EmbeddingWeights embedding;
  embedding.tokens = binder.matrix(stack + "embed_tokens.weight", vocab_size, config.d_model);
  embedding.positions = bind_positions(binder, stack + "embed_positions.weight", config);
  if (config.embedding_layer_norm) embedding.norm = bind_norm(binder, stack + "layernorm_embedding.", config.d_model);
  return embedding;
}

NormWeights bind_final_norm(WeightBinder& binder, const std::string& stack, const ModelConfig& config) {
  if (config.norm_placement != NormPlacement::PreNorm) return {};
  return bind_norm(binder, stack + "layer_norm.", config.d_model);
}

NativeTokenizerKind parse_tokenizer_kind(const ConfigReader& reader, const nlohmann::json& tokenizer) {
  const std::string kind = tokenizer.value("kind", std::string{});
  if (kind == "word") return NativeTokenizerKind::Word;
  if (kind == "char") return NativeTokenizerKind::Char;
  reader.fail("'tokenizer.kind' is \"" + kind + "\"; expected \"word\" or \"char\"");
}

std::string vocab_file_name(const ConfigReader& reader, const nlohmann::json& tokenizer, const std::string& key) {
  if (!tokenizer.contains(key) || !tokenizer.at(key).is_string()) {
    reader.fail("'tokenizer." + key + "' must name a vocabulary file");
  }
  const std::string name = tokenizer.at(key).get<std::string>();
  // The vocabulary must sit inside the model folder: a config must not point at arbitrary files.
  if (name.empty() || name.find('/') != std::string::npos || name.find('\\') != std::string::npos || name == "..") {
    reader.fail("'tokenizer." + key + "' must be a file name inside the model folder, got \"" + name + "\"");
  }
  return name;
}

}  // namespace

ModelParts load_native_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelParts parts;
  const ModelConfig config = read_config(reader, folder);
  check_config_sizes(config);
  parts.spec = spec_from_config(config);

  if (config.has_encoder()) {
    StackWeights& encoder = parts.weights.encoder;
    encoder.embedding = bind_embedding(binder, "encoder.", config.source_vocab_size, config);
    encoder.blocks = bind_fairseq_blocks(binder, "encoder.", config, config.encoder_layers, false);
    encoder.final_norm = bind_final_norm(binder, "encoder.", config);
  }
  if (config.has_decoder()) {
    StackWeights& decoder = parts.weights.decoder;
    decoder.embedding = bind_embedding(binder, "decoder.", config.target_vocab_size, config);
    decoder.blocks = bind_fairseq_blocks(binder, "decoder.", config, config.decoder_layers, config.has_encoder());
    decoder.final_norm = bind_final_norm(binder, "decoder.", config);
    OutputHeadWeights& head = parts.weights.output_head;
    head.projection = binder.matrix("lm_head.weight", config.target_vocab_size, config.d_model);
    if (config.output_bias) head.bias = binder.vector("lm_head.bias", config.target_vocab_size);
  }

  if (!reader.has("tokenizer") || !reader.json().at("tokenizer").is_object()) {
    reader.fail("key 'tokenizer' is missing or not an object");
  }
  const nlohmann::json& tokenizer = reader.json().at("tokenizer");
  const NativeTokenizerKind kind = parse_tokenizer_kind(reader, tokenizer);
  const bool lowercase = tokenizer.value("lowercase", false);
  if (config.has_encoder()) {
    parts.source_tokenizer = load_native_tokenizer(folder / vocab_file_name(reader, tokenizer, "source_vocab"), kind,
                                                   lowercase, TokenizerRole::Source);
  }
  if (config.has_decoder()) {
    parts.target_tokenizer = load_native_tokenizer(folder / vocab_file_name(reader, tokenizer, "target_vocab"), kind,
                                                   lowercase, TokenizerRole::Target);
  }
  if (!parts.source_tokenizer) parts.source_tokenizer = parts.target_tokenizer;
  if (!parts.target_tokenizer) parts.target_tokenizer = parts.source_tokenizer;
  return parts;
}

}  // namespace core
