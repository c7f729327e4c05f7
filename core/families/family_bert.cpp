// BERT (BertModel, BertForMaskedLM) in HuggingFace layout: learned positions, token type 0,
// embedding LayerNorm, post-LN layers, MLM head tied to the word embeddings. The encoder's
// naming is shared with RoBERTa and XLM-R (family_roberta.cpp).
#include <cmath>

#include "families/classifier_head.h"
#include "families/model_families.h"
#include "text/tokenizer_loader.h"

namespace core {

BlockSpec bert_block(int heads, int d_model, int d_ff, Activation activation, const NormSpec& norm) {
  BlockSpec block;
  block.self_attention.heads = heads;
  block.self_attention.kv_heads = heads;
  block.self_attention.head_dim = d_model / heads;
  block.self_attention.scale = 1.0f / std::sqrt(static_cast<float>(block.self_attention.head_dim));
  block.feed_forward = FeedForwardSpec{d_ff, activation, false, true};
  block.norm = norm;
  block.layout = ResidualLayout::PostNorm;
  return block;
}

ModelSpec read_bert_spec(const ConfigReader& reader, const std::filesystem::path& folder, const std::string& family) {
  ModelSpec spec;
  spec.family = family;
  spec.name = folder.filename().string();
  spec.class_name = class_name(reader);
  spec.architecture = Architecture::EncoderOnly;
  spec.d_model = reader.positive_int("hidden_size");
  const int heads = reader.positive_int("num_attention_heads");
  if (spec.d_model % heads != 0) {
    reader.fail("'num_attention_heads' (" + std::to_string(heads) + ") does not divide 'hidden_size' (" +
                std::to_string(spec.d_model) + ")");
  }
  spec.source_vocab_size = reader.positive_int("vocab_size");
  spec.target_vocab_size = spec.source_vocab_size;
  spec.max_positions = reader.positive_int("max_position_embeddings");
  const std::string position_type = reader.string_or("position_embedding_type", "absolute");
  if (position_type != "absolute") {
    reader.fail("'position_embedding_type' \"" + position_type + "\" is not supported; only \"absolute\"");
  }
  const NormSpec norm{NormKind::LayerNorm, reader.float_or("layer_norm_eps", 1e-12f), false};
  const Activation activation = parse_activation(reader, "hidden_act");

  StackSpec& encoder = spec.encoder;
  encoder.embedding = EmbeddingSpec{1.0f, AbsolutePositions::Learned, 0, true, true, norm};
  encoder.blocks.assign(reader.positive_int("num_hidden_layers"),
                        bert_block(heads, spec.d_model, reader.positive_int("intermediate_size"), activation, norm));
  spec.output.transform = true;
  spec.output.transform_activation = activation;
  spec.output.transform_norm = norm;
  return spec;
}

namespace {

// Old BERT checkpoints name LayerNorm parameters gamma/beta instead of weight/bias.
NormWeights bind_bert_norm(WeightBinder& binder, const std::string& prefix, Eigen::Index size) {
  if (!binder.has(prefix + "weight") && binder.has(prefix + "gamma")) {
    return NormWeights{binder.vector(prefix + "gamma", size), binder.vector(prefix + "beta", size)};
  }
  return bind_norm(binder, prefix, size);
}

BlockWeights bind_layer(WeightBinder& binder, const std::string& layer, Eigen::Index d, Eigen::Index d_ff) {
  BlockWeights weights;
  AttentionWeights& attention = weights.self_attention;
  attention.w_q = bind_linear(binder, layer + "attention.self.query.", d, d);
  attention.w_k = bind_linear(binder, layer + "attention.self.key.", d, d);
  attention.w_v = bind_linear(binder, layer + "attention.self.value.", d, d);
  attention.w_o = bind_linear(binder, layer + "attention.output.dense.", d, d);
  weights.self_attention_norm = bind_bert_norm(binder, layer + "attention.output.LayerNorm.", d);
  weights.feed_forward.up = bind_linear(binder, layer + "intermediate.dense.", d_ff, d);
  weights.feed_forward.down = bind_linear(binder, layer + "output.dense.", d, d_ff);
  weights.feed_forward_norm = bind_bert_norm(binder, layer + "output.LayerNorm.", d);
  return weights;
}

}  // namespace

StackWeights bind_bert_encoder(WeightBinder& binder, const std::string& prefix, const ModelSpec& spec,
                               int type_vocab_size) {
  const Eigen::Index d = spec.d_model;
  const StackSpec& stack = spec.encoder;
  StackWeights encoder;
  encoder.embedding.tokens = binder.matrix(prefix + "embeddings.word_embeddings.weight", spec.source_vocab_size, d);
  encoder.embedding.positions = binder.float_matrix(prefix + "embeddings.position_embeddings.weight",
                                              spec.max_positions + stack.embedding.position_offset, d);
  const WeightMatrix token_types =
      binder.float_matrix(prefix + "embeddings.token_type_embeddings.weight", type_vocab_size, d);
  // Every token has token type 0: its row is added to every embedding.
  encoder.embedding.token_type = WeightVector{static_cast<const float*>(token_types.data), d};
  // the whole table, for a text pair whose second text has token type 1
  encoder.embedding.token_types = token_types;
  encoder.embedding.norm = bind_bert_norm(binder, prefix + "embeddings.LayerNorm.", d);
  for (int l = 0; l < stack.layers(); ++l) {
    encoder.blocks.push_back(bind_layer(binder, prefix + "encoder.layer." + std::to_string(l) + ".", d,
                                        stack.blocks[l].feed_forward.d_ff));
  }
  return encoder;
}

ModelParts load_bert_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  ModelParts parts;
  parts.spec = read_bert_spec(reader, folder, "bert");
  ModelSpec& spec = parts.spec;
  // BertForMaskedLM prefixes the encoder with "bert."; a bare BertModel has no prefix.
  const std::string prefix = binder.has("bert.embeddings.word_embeddings.weight") ? "bert." : "";
  spec.has_output_head = binder.has("cls.predictions.bias");
  check_spec_sizes(spec, reader);
  const int type_vocab_size = reader.int_or("type_vocab_size", 2);
  if (type_vocab_size < 1) reader.fail("'type_vocab_size' must be positive");

  const Eigen::Index d = spec.d_model;
  parts.weights.encoder = bind_bert_encoder(binder, prefix, spec, type_vocab_size);
  if (spec.has_output_head) {
    OutputHeadWeights& head = parts.weights.output_head;
    head.transform = bind_linear(binder, "cls.predictions.transform.dense.", d, d);
    head.transform_norm = bind_bert_norm(binder, "cls.predictions.transform.LayerNorm.", d);
    // The decoder is tied to the word embeddings unless the file stores its own.
    head.projection = binder.has("cls.predictions.decoder.weight")
                          ? binder.matrix("cls.predictions.decoder.weight", spec.source_vocab_size, d)
                          : parts.weights.encoder.embedding.tokens;
    head.bias = binder.vector("cls.predictions.bias", spec.source_vocab_size);
  }

  read_classifier(reader, spec);
  spec.classifier.hidden = true;  // BERT's pooler: tanh(h₀ Wᵀ + b)
  parts.weights.classifier = bind_classifier(binder, spec, {prefix + "pooler.dense.", "classifier."});
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_bert_tokenizer(folder)); };
  return parts;
}

}  // namespace core
