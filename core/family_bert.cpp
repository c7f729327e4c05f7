// BERT (BertModel, BertForMaskedLM) in HuggingFace layout: learned positions, token type 0,
// embedding LayerNorm, post-LN layers, MLM head tied to the word embeddings.
#include "model_families.h"
#include "tokenizer_loader.h"

namespace core {

namespace {

ModelConfig read_config(const ConfigReader& reader, const std::filesystem::path& folder) {
  ModelConfig config;
  config.family = "bert";
  config.name = folder.filename().string();
  config.architecture = Architecture::EncoderOnly;
  config.d_model = reader.positive_int("hidden_size");
  config.heads = reader.positive_int("num_attention_heads");
  config.d_ff = reader.positive_int("intermediate_size");
  config.encoder_layers = reader.positive_int("num_hidden_layers");
  config.source_vocab_size = reader.positive_int("vocab_size");
  config.target_vocab_size = config.source_vocab_size;
  config.max_positions = reader.positive_int("max_position_embeddings");
  const std::string position_type = reader.string_or("position_embedding_type", "absolute");
  if (position_type != "absolute") {
    reader.fail("'position_embedding_type' \"" + position_type + "\" is not supported; only \"absolute\"");
  }
  config.positional_encoding = PositionalEncoding::Learned;
  config.embedding_layer_norm = true;
  config.token_type_embedding = true;
  config.norm_placement = NormPlacement::PostNorm;
  config.layer_norm_eps = reader.float_or("layer_norm_eps", 1e-12f);
  config.activation = parse_activation(reader, "hidden_act");
  return config;
}

// Old BERT checkpoints name LayerNorm parameters gamma/beta instead of weight/bias.
LayerNormWeights bind_bert_norm(WeightBinder& binder, const std::string& prefix, Eigen::Index size) {
  if (!binder.has(prefix + "weight") && binder.has(prefix + "gamma")) {
    return LayerNormWeights{binder.vector(prefix + "gamma", size), binder.vector(prefix + "beta", size)};
  }
  return bind_layer_norm(binder, prefix, size);
}

EncoderLayerWeights bind_layer(WeightBinder& binder, const std::string& layer, const ModelConfig& config) {
  const Eigen::Index d = config.d_model;
  EncoderLayerWeights weights;
  weights.self_attention = AttentionWeights{bind_linear(binder, layer + "attention.self.query.", d, d),
                                            bind_linear(binder, layer + "attention.self.key.", d, d),
                                            bind_linear(binder, layer + "attention.self.value.", d, d),
                                            bind_linear(binder, layer + "attention.output.dense.", d, d)};
  weights.self_attention_norm = bind_bert_norm(binder, layer + "attention.output.LayerNorm.", d);
  weights.feed_forward = FeedForwardWeights{bind_linear(binder, layer + "intermediate.dense.", config.d_ff, d),
                                            bind_linear(binder, layer + "output.dense.", d, config.d_ff)};
  weights.feed_forward_norm = bind_bert_norm(binder, layer + "output.LayerNorm.", d);
  return weights;
}

}  // namespace

ModelParts load_bert_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelParts parts;
  parts.config = read_config(reader, folder);
  ModelConfig& config = parts.config;
  // BertForMaskedLM prefixes the encoder with "bert."; a bare BertModel has no prefix.
  const std::string prefix = binder.has("bert.embeddings.word_embeddings.weight") ? "bert." : "";
  config.has_output_head = binder.has("cls.predictions.bias");
  config.tied_output = config.has_output_head && !binder.has("cls.predictions.decoder.weight");
  config.output_bias = config.has_output_head;
  config.output_transform = config.has_output_head;
  check_config_sizes(config);

  const Eigen::Index d = config.d_model;
  EncoderWeights& encoder = parts.weights.encoder.emplace();
  encoder.embedding.tokens = binder.matrix(prefix + "embeddings.word_embeddings.weight", config.source_vocab_size, d);
  encoder.embedding.positions = bind_positions(binder, prefix + "embeddings.position_embeddings.weight", config);
  const int type_vocab_size = reader.int_or("type_vocab_size", 2);
  if (type_vocab_size < 1) reader.fail("'type_vocab_size' must be positive");
  const WeightMatrix token_types =
      binder.matrix(prefix + "embeddings.token_type_embeddings.weight", type_vocab_size, d);
  // Every token has token type 0: its row is added to every embedding.
  encoder.embedding.token_type = WeightVector{token_types.data, d};
  encoder.embedding.norm = bind_bert_norm(binder, prefix + "embeddings.LayerNorm.", d);
  for (int l = 0; l < config.encoder_layers; ++l) {
    encoder.layers.push_back(bind_layer(binder, prefix + "encoder.layer." + std::to_string(l) + ".", config));
  }

  if (config.has_output_head) {
    OutputHeadWeights& head = parts.weights.output_head.emplace();
    head.transform = bind_linear(binder, "cls.predictions.transform.dense.", d, d);
    head.transform_norm = bind_bert_norm(binder, "cls.predictions.transform.LayerNorm.", d);
    head.projection = config.tied_output ? encoder.embedding.tokens
                                         : binder.matrix("cls.predictions.decoder.weight", config.source_vocab_size, d);
    head.bias = binder.vector("cls.predictions.bias", config.source_vocab_size);
  }

  parts.source_tokenizer = load_bert_tokenizer(folder);
  parts.target_tokenizer = parts.source_tokenizer;
  return parts;
}

}  // namespace core
