// DistilBERT (DistilBertModel, DistilBertForMaskedLM) in HuggingFace layout: BERT's post-norm
// encoder without token types, LayerNorm eps 1e-12 hard-coded, and its own names:
//   distilbert.embeddings.{word_embeddings, position_embeddings, LayerNorm},
//   distilbert.transformer.layer.N.{attention.{q,k,v,out}_lin, sa_layer_norm, ffn.lin1, ffn.lin2,
//   output_layer_norm}; vocab_transform, vocab_layer_norm, vocab_projector (tied; its bias stored).
#include "families/classifier_head.h"
#include "families/model_families.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

ModelSpec read_spec(const ConfigReader& reader, const std::filesystem::path& folder) {
  ModelSpec spec;
  spec.family = "distilbert";
  spec.name = folder.filename().string();
  spec.class_name = class_name(reader);
  spec.architecture = Architecture::EncoderOnly;
  spec.d_model = reader.positive_int("dim");
  const int heads = reader.positive_int("n_heads");
  if (spec.d_model % heads != 0) {
    reader.fail("'n_heads' (" + std::to_string(heads) + ") does not divide 'dim' (" + std::to_string(spec.d_model) + ")");
  }
  spec.source_vocab_size = reader.positive_int("vocab_size");
  spec.target_vocab_size = spec.source_vocab_size;
  spec.max_positions = reader.positive_int("max_position_embeddings");
  if (reader.bool_or("sinusoidal_pos_embds", false)) reader.fail("'sinusoidal_pos_embds' true is not supported");
  // DistilBERT's LayerNorms use eps 1e-12, hard-coded in HF's modules (not in config.json).
  const NormSpec norm{NormKind::LayerNorm, 1e-12f, false};
  const Activation activation = parse_activation(reader, "activation");
  spec.encoder.embedding = EmbeddingSpec{1.0f, AbsolutePositions::Learned, 0, false, true, norm};
  spec.encoder.blocks.assign(reader.positive_int("n_layers"),
                             bert_block(heads, spec.d_model, reader.positive_int("hidden_dim"), activation, norm));
  spec.output.transform = true;
  spec.output.transform_activation = activation;
  spec.output.transform_norm = norm;
  return spec;
}

}  // namespace

ModelParts load_distilbert_family(const ConfigReader& reader, const std::filesystem::path& folder,
                                  WeightBinder& binder) {
  ModelParts parts;
  parts.spec = read_spec(reader, folder);
  ModelSpec& spec = parts.spec;
  const std::string prefix = binder.has("distilbert.embeddings.word_embeddings.weight") ? "distilbert." : "";
  spec.has_output_head = binder.has("vocab_projector.bias");
  check_spec_sizes(spec, reader);

  const Eigen::Index d = spec.d_model;
  StackWeights& encoder = parts.weights.encoder;
  encoder.embedding.tokens = binder.matrix(prefix + "embeddings.word_embeddings.weight", spec.source_vocab_size, d);
  encoder.embedding.positions = binder.float_matrix(prefix + "embeddings.position_embeddings.weight", spec.max_positions, d);
  encoder.embedding.norm = bind_norm(binder, prefix + "embeddings.LayerNorm.", d);
  for (int l = 0; l < spec.encoder.layers(); ++l) {
    const Eigen::Index d_ff = spec.encoder.blocks[l].feed_forward.d_ff;
    const std::string layer = prefix + "transformer.layer." + std::to_string(l) + ".";
    BlockWeights w;
    w.self_attention.w_q = bind_linear(binder, layer + "attention.q_lin.", d, d);
    w.self_attention.w_k = bind_linear(binder, layer + "attention.k_lin.", d, d);
    w.self_attention.w_v = bind_linear(binder, layer + "attention.v_lin.", d, d);
    w.self_attention.w_o = bind_linear(binder, layer + "attention.out_lin.", d, d);
    w.self_attention_norm = bind_norm(binder, layer + "sa_layer_norm.", d);
    w.feed_forward.up = bind_linear(binder, layer + "ffn.lin1.", d_ff, d);
    w.feed_forward.down = bind_linear(binder, layer + "ffn.lin2.", d, d_ff);
    w.feed_forward_norm = bind_norm(binder, layer + "output_layer_norm.", d);
    encoder.blocks.push_back(w);
  }
  if (spec.has_output_head) {
    OutputHeadWeights& head = parts.weights.output_head;
    head.transform = bind_linear(binder, "vocab_transform.", d, d);
    head.transform_norm = bind_norm(binder, "vocab_layer_norm.", d);
    head.projection = binder.has("vocab_projector.weight")
                          ? binder.matrix("vocab_projector.weight", spec.source_vocab_size, d)
                          : encoder.embedding.tokens;
    head.bias = binder.vector("vocab_projector.bias", spec.source_vocab_size);
  }
  read_classifier(reader, spec);
  spec.classifier.hidden = true;  // pre_classifier, then ReLU
  spec.classifier.hidden_activation = Activation::Relu;
  parts.weights.classifier = bind_classifier(binder, spec, {"pre_classifier.", "classifier."});
  parts.load_tokenizers = [folder] { return shared_tokenizer(load_bert_tokenizer(folder)); };
  return parts;
}

}  // namespace core
