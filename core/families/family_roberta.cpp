// RoBERTa and XLM-RoBERTa (RobertaModel, RobertaForMaskedLM, XLMRoberta…) in HuggingFace layout:
// BERT's encoder (family_bert.cpp) under "roberta.", positions counted from padding_idx + 1 (token t
// reads row t + pad_token_id + 1), and an MLM head named lm_head.{dense, layer_norm, bias}.
#include "families/classifier_head.h"
#include "families/model_families.h"
#include "text/tokenizer_loader.h"

namespace core {

ModelParts load_roberta_family(const ConfigReader& reader, const std::filesystem::path& folder, WeightBinder& binder) {
  const std::string family = reader.string("model_type");
  ModelParts parts;
  parts.spec = read_bert_spec(reader, folder, family);
  ModelSpec& spec = parts.spec;
  // RoBERTa's position ids start after the padding row: the table has max_position_embeddings rows,
  // of which the first pad_token_id + 1 are never used for real tokens.
  const int offset = reader.int_or("pad_token_id", 1) + 1;
  if (offset < 1 || offset >= spec.max_positions) reader.fail("'pad_token_id' must be between 0 and max_position_embeddings − 2");
  spec.encoder.embedding.position_offset = offset;
  spec.max_positions -= offset;
  const std::string prefix = binder.has("roberta.embeddings.word_embeddings.weight") ? "roberta." : "";
  spec.has_output_head = binder.has("lm_head.bias");
  check_spec_sizes(spec, reader);
  const int type_vocab_size = reader.int_or("type_vocab_size", 1);
  if (type_vocab_size < 1) reader.fail("'type_vocab_size' must be positive");

  const Eigen::Index d = spec.d_model;
  parts.weights.encoder = bind_bert_encoder(binder, prefix, spec, type_vocab_size);
  if (spec.has_output_head) {
    OutputHeadWeights& head = parts.weights.output_head;
    head.transform = bind_linear(binder, "lm_head.dense.", d, d);
    head.transform_norm = bind_norm(binder, "lm_head.layer_norm.", d);
    head.projection = binder.has("lm_head.decoder.weight")
                          ? binder.matrix("lm_head.decoder.weight", spec.source_vocab_size, d)
                          : parts.weights.encoder.embedding.tokens;
    head.bias = binder.vector("lm_head.bias", spec.source_vocab_size);
  }
  read_classifier(reader, spec);
  spec.classifier.hidden = true;  // RobertaClassificationHead: tanh(dense(h₀)), then out_proj
  parts.weights.classifier = bind_classifier(binder, spec, {"classifier.dense.", "classifier.out_proj."});
  parts.load_tokenizers = [folder, family] {
    return shared_tokenizer(family == "xlm-roberta" ? load_xlm_roberta_tokenizer(folder) : load_roberta_tokenizer(folder));
  };
  return parts;
}

}  // namespace core
