// Marian (MarianMTModel) and BART (BartForConditionalGeneration) in HuggingFace layout: fairseq
// tensor names under "model.", one shared token table tied to the output, and final_logits_bias.
// Marian computes sin-half/cos-half positions and scales embeddings; BART learns positions with an
// offset of 2 and normalises embeddings.
#include "families/model_families.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

ModelConfig read_seq2seq_config(const ConfigReader& reader, const std::filesystem::path& folder,
                                const std::string& family) {
  ModelConfig config;
  config.family = family;
  config.name = folder.filename().string();
  config.architecture = Architecture::EncoderDecoder;
  config.d_model = reader.positive_int("d_model");
  config.heads = reader.positive_int("encoder_attention_heads");
  if (reader.positive_int("decoder_attention_heads") != config.heads) {
    reader.fail("different encoder and decoder head counts are not supported");
  }
  config.d_ff = reader.positive_int("encoder_ffn_dim");
  if (reader.positive_int("decoder_ffn_dim") != config.d_ff) {
    reader.fail("different encoder and decoder feed-forward sizes are not supported");
  }
  config.encoder_layers = reader.positive_int("encoder_layers");
  config.decoder_layers = reader.positive_int("decoder_layers");
  config.source_vocab_size = reader.positive_int("vocab_size");
  config.target_vocab_size = reader.has("decoder_vocab_size") ? reader.positive_int("decoder_vocab_size")
                                                              : config.source_vocab_size;
  config.max_positions = reader.positive_int("max_position_embeddings");
  config.scale_embedding = reader.bool_or("scale_embedding", false);
  config.norm_placement = NormPlacement::PostNorm;
  config.layer_norm_eps = 1e-5f;  // nn.LayerNorm's default: these configs carry no eps
  config.activation = parse_activation(reader, "activation_function");
  config.has_output_head = true;
  config.output_bias = true;
  config.tied_output = true;
  config.decoder_start_token_id = reader.int_or("decoder_start_token_id", -1);
  config.eos_token_id = reader.int_or("eos_token_id", -1);
  if (reader.bool_or("normalize_before", false) || reader.bool_or("add_final_layer_norm", false)) {
    reader.fail("pre-LN variants (normalize_before, add_final_layer_norm: mBART) are not supported");
  }
  return config;
}

WeightMatrix bind_tokens(WeightBinder& binder, const std::string& stack_name, int vocab_size, const ModelConfig& config) {
  const std::string own_table = "model." + stack_name + ".embed_tokens.weight";
  if (binder.has(own_table)) return binder.matrix(own_table, vocab_size, config.d_model);
  return binder.matrix("model.shared.weight", vocab_size, config.d_model);
}

ModelParts bind_seq2seq(ModelConfig config, WeightBinder& binder) {
  check_config_sizes(config);
  ModelParts parts;
  const Eigen::Index d = config.d_model;
  StackWeights& encoder = parts.weights.encoder;
  encoder.embedding.tokens = bind_tokens(binder, "encoder", config.source_vocab_size, config);
  encoder.embedding.positions = bind_positions(binder, "model.encoder.embed_positions.weight", config);
  if (config.embedding_layer_norm) {
    encoder.embedding.norm = bind_norm(binder, "model.encoder.layernorm_embedding.", d);
  }
  encoder.blocks = bind_fairseq_blocks(binder, "model.encoder.", config, config.encoder_layers, false);

  StackWeights& decoder = parts.weights.decoder;
  decoder.embedding.tokens = bind_tokens(binder, "decoder", config.target_vocab_size, config);
  decoder.embedding.positions = bind_positions(binder, "model.decoder.embed_positions.weight", config);
  if (config.embedding_layer_norm) {
    decoder.embedding.norm = bind_norm(binder, "model.decoder.layernorm_embedding.", d);
  }
  decoder.blocks = bind_fairseq_blocks(binder, "model.decoder.", config, config.decoder_layers, true);

  // The output projection is the shared token table unless the file stores lm_head.weight.
  OutputHeadWeights& head = parts.weights.output_head;
  head.projection = binder.has("lm_head.weight") ? binder.matrix("lm_head.weight", config.target_vocab_size, d)
                                                 : decoder.embedding.tokens;
  if (binder.has("final_logits_bias")) head.bias = binder.vector("final_logits_bias", config.target_vocab_size);
  parts.spec = spec_from_config(config);
  return parts;
}

}  // namespace

ModelParts load_marian_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelConfig config = read_seq2seq_config(reader, folder, "marian");
  // HF recomputes Marian's sinusoids rather than storing them: sin in the first half, cos in the second.
  config.positional_encoding = PositionalEncoding::SinusoidalHalves;
  ModelParts parts = bind_seq2seq(std::move(config), binder);
  parts.spec.class_name = class_name(reader);
  parts.load_tokenizers = [folder] {
    MarianTokenizers tokenizers = load_marian_tokenizers(folder);
    return FolderTokenizers{std::move(tokenizers.source), std::move(tokenizers.target)};
  };
  return parts;
}

ModelParts load_bart_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelConfig config = read_seq2seq_config(reader, folder, "bart");
  config.positional_encoding = PositionalEncoding::Learned;
  config.position_offset = 2;  // BART's learned table keeps two extra rows before position 0
  config.embedding_layer_norm = true;
  ModelParts parts = bind_seq2seq(std::move(config), binder);
  parts.spec.class_name = class_name(reader);
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_bart_tokenizer(folder)); };
  return parts;
}

}  // namespace core
