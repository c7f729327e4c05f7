#include "classroom/layer_inspector.h"

#include <cmath>
#include <string>

#include "model/transformer.h"
#include "tensor/errors.h"

namespace core {

namespace {

const char* sublayer_name(SubLayer kind) {
  switch (kind) {
    case SubLayer::SelfAttention: return "self-attention";
    case SubLayer::CrossAttention: return "cross-attention";
    case SubLayer::FeedForward: break;
  }
  return "feed-forward";
}

// One recorded step, which the pass always records for a wanted layer.
const RowMatrix& step(const Recorder& record, AttentionKind kind, int layer, const char* name) {
  const RowMatrix* value = record.find(kind, layer, name);
  if (value == nullptr) throw InputError(std::string("the forward pass recorded no '") + name + "' for this layer");
  return *value;
}

// x / √(mean(x²) + eps) per row: RMSNorm before its γ.
RowMatrix rms_normalise(const Eigen::Ref<const RowMatrix>& x, float eps) {
  const Eigen::VectorXf inv_rms = (x.array().square().rowwise().mean() + eps).rsqrt();
  return x.array().colwise() * inv_rms.array();
}

}  // namespace

Moments row_moments(const Eigen::Ref<const RowMatrix>& x) {
  Moments m;
  m.mean = x.rowwise().mean();
  m.variance = (x.colwise() - m.mean).array().square().rowwise().mean();
  return m;
}

Moments column_moments(const Eigen::Ref<const RowMatrix>& x) {
  Moments m;
  m.mean = x.colwise().mean().transpose();
  m.variance = (x.rowwise() - m.mean.transpose()).array().square().colwise().mean().transpose();
  return m;
}

RowMatrix layer_normalise(const Eigen::Ref<const RowMatrix>& x, float eps) {
  const Moments m = row_moments(x);
  // (x − mean) / √(variance + eps), each token over its own values
  const Eigen::VectorXf inv_std = (m.variance.array() + eps).rsqrt();
  return (x.colwise() - m.mean).array().colwise() * inv_std.array();
}

RowMatrix batch_normalise(const Eigen::Ref<const RowMatrix>& x, float eps) {
  const Moments m = column_moments(x);
  // (x − mean) / √(variance + eps), each dimension over the tokens
  const Eigen::VectorXf inv_std = (m.variance.array() + eps).rsqrt();
  return (x.rowwise() - m.mean.transpose()).array().rowwise() * inv_std.transpose().array();
}

AddAndNormInspection inspect_add_and_norm(const Model& model, std::span<const int> source_ids,
                                          std::span<const int> target_ids, const LayerInspectorRequest& request) {
  const ModelSpec& spec = model.spec();
  const bool encoder = request.stack == Stack::Encoder;
  if (encoder ? !spec.has_encoder() : !spec.has_decoder()) {
    throw InputError(encoder ? "the model has no encoder" : "the model has no decoder");
  }
  const int layers = encoder ? spec.encoder_layers() : spec.decoder_layers();
  if (request.layer < 0 || request.layer >= layers) {
    throw InputError(std::string(encoder ? "encoder" : "decoder") + " layer " + std::to_string(request.layer) +
                     " does not exist (the model has " + std::to_string(layers) + ")");
  }
  const BlockSpec& block = (encoder ? spec.encoder : spec.decoder).blocks[request.layer];
  const bool cross = request.sublayer == SubLayer::CrossAttention;
  if ((cross && !(block.cross_attention && spec.has_encoder())) || (cross && encoder)) {
    throw InputError(std::string("this layer has no ") + sublayer_name(request.sublayer) + " sub-layer");
  }

  // One pass records the chosen layer's residual stream and sub-layer outputs.
  const AttentionKind kind = encoder ? AttentionKind::EncoderSelf : AttentionKind::DecoderSelf;
  ForwardOptions options;
  options.positional_encoding = request.positional_encoding;
  options.memory_budget = request.memory_budget;
  options.record = {{kind, request.layer}, {AttentionKind::DecoderCross, request.layer}};
  const ForwardResult pass = forward(model, source_ids, target_ids, options);
  const Recorder& record = pass.record;
  const BlockWeights& weights = (encoder ? model.weights().encoder : model.weights().decoder).blocks[request.layer];

  AddAndNormInspection r;
  r.placement = block.layout == ResidualLayout::PostNorm ? NormPlacement::PostNorm : NormPlacement::PreNorm;
  r.kind = block.norm.kind;
  r.eps = block.norm.eps;
  const NormWeights* norm = &weights.feed_forward_norm;
  const char* residual = "residual_ffn";
  const RowMatrix* sublayer = &step(record, kind, request.layer, "ffn_out");
  if (request.sublayer == SubLayer::SelfAttention) {
    norm = &weights.self_attention_norm;
    residual = "residual_attn";
    sublayer = &step(record, kind, request.layer, "attn_out");
  } else if (cross) {
    norm = &weights.cross_attention_norm;
    residual = "residual_cross";
    sublayer = &step(record, AttentionKind::DecoderCross, request.layer, "attn_out");
  }
  r.residual_before = step(record, kind, request.layer, residual);
  r.sublayer_output = *sublayer;
  // What the norm sees: x + sublayer(x) post-norm, x pre-norm (the sub-layer then reads N(x)).
  r.norm_input = r.placement == NormPlacement::PostNorm ? RowMatrix(r.residual_before + r.sublayer_output)
                                                        : r.residual_before;
  r.normalised = r.kind == NormKind::RmsNorm ? rms_normalise(r.norm_input, r.eps) : layer_normalise(r.norm_input, r.eps);
  r.gamma = norm->gamma.view();
  if (block.norm.unit_offset) r.gamma.array() += 1.0f;
  r.beta = norm->beta.empty() ? RowVector(RowVector::Zero(r.gamma.size())) : RowVector(norm->beta.view());
  // γ ⊙ n + β
  r.norm_output = (r.normalised.array().rowwise() * r.gamma.array()).rowwise() + r.beta.array();
  // The stream leaving: the next sub-layer's residual, or the block's output.
  if (r.placement == NormPlacement::PostNorm) {
    r.residual_after = r.norm_output;
  } else if (block.layout == ResidualLayout::Parallel || request.sublayer == SubLayer::FeedForward) {
    r.residual_after = step(record, kind, request.layer, "block_out");
  } else {
    const bool next_is_cross = !cross && block.cross_attention && spec.has_encoder();
    r.residual_after = step(record, kind, request.layer, next_is_cross ? "residual_cross" : "residual_ffn");
  }
  r.before = row_moments(r.norm_input);
  r.after = row_moments(r.normalised);
  r.batch_normalised = batch_normalise(r.norm_input, r.eps);
  r.batch_dimensions = column_moments(r.norm_input);
  r.batch_tokens = row_moments(r.batch_normalised);
  return r;
}

}  // namespace core
