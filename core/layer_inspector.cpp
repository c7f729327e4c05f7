#include "layer_inspector.h"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "add_and_norm.h"
#include "attention.h"
#include "decoder_layer.h"
#include "embedding.h"
#include "encoder_layer.h"
#include "errors.h"
#include "feed_forward.h"
#include "transformer.h"

namespace core {

namespace {

using SublayerFunction = std::function<RowMatrix(const Eigen::Ref<const RowMatrix>&)>;

// One sub-layer of a block, with the LayerNorm of its Add & Norm.
struct Box {
  SubLayer kind;
  const LayerNormWeights* norm;
  SublayerFunction apply;
};

SublayerFunction attention(const AttentionWeights& w, const Eigen::Ref<const RowMatrix>& keys_values, int heads,
                           AttentionMask mask) {
  // keys_values empty: self-attention, keys and values from the same rows as the queries
  const RowMatrix kv = keys_values;
  return [&w, kv, heads, mask](const Eigen::Ref<const RowMatrix>& x) {
    return multi_head_attention(x, kv.rows() > 0 ? Eigen::Ref<const RowMatrix>(kv) : x, w, heads, mask).output;
  };
}

SublayerFunction feed_forward_box(const FeedForwardWeights& w, Activation activation) {
  return [&w, activation](const Eigen::Ref<const RowMatrix>& x) { return feed_forward(x, w, activation); };
}

std::vector<Box> encoder_boxes(const EncoderLayerWeights& w, const ModelConfig& config) {
  return {{SubLayer::SelfAttention, &w.self_attention_norm,
           attention(w.self_attention, RowMatrix(), config.heads, AttentionMask::None)},
          {SubLayer::FeedForward, &w.feed_forward_norm, feed_forward_box(w.feed_forward, config.activation)}};
}

std::vector<Box> decoder_boxes(const DecoderLayerWeights& w, const ModelConfig& config,
                               const Eigen::Ref<const RowMatrix>& encoder_output) {
  std::vector<Box> boxes = {{SubLayer::SelfAttention, &w.self_attention_norm,
                             attention(w.self_attention, RowMatrix(), config.heads, AttentionMask::Causal)}};
  if (encoder_output.rows() > 0) {
    boxes.push_back({SubLayer::CrossAttention, &w.cross_attention_norm,
                     attention(w.cross_attention, encoder_output, config.heads, AttentionMask::None)});
  }
  boxes.push_back({SubLayer::FeedForward, &w.feed_forward_norm, feed_forward_box(w.feed_forward, config.activation)});
  return boxes;
}

AddAndNormInspection inspect(const Eigen::Ref<const RowMatrix>& x, const Box& box, const ModelConfig& config) {
  AddAndNormInspection r;
  r.placement = config.norm_placement;
  r.eps = config.layer_norm_eps;
  r.gamma = box.norm->gamma.view();
  r.beta = box.norm->beta.view();
  r.residual_before = x;
  if (config.norm_placement == NormPlacement::PostNorm) {
    // LN(x + sublayer(x))
    r.sublayer_output = box.apply(x);
    r.norm_input = x + r.sublayer_output;
  } else {
    r.norm_input = x;
  }
  r.normalised = layer_normalise(r.norm_input, r.eps);
  // γ ⊙ n + β
  r.norm_output = (r.normalised.array().rowwise() * r.gamma.array()).rowwise() + r.beta.array();
  if (config.norm_placement == NormPlacement::PostNorm) {
    r.residual_after = r.norm_output;
  } else {
    // x + sublayer(LN(x))
    r.sublayer_output = box.apply(r.norm_output);
    r.residual_after = x + r.sublayer_output;
  }
  r.before = row_moments(r.norm_input);
  r.after = row_moments(r.normalised);
  r.batch_normalised = batch_normalise(r.norm_input, r.eps);
  r.batch_dimensions = column_moments(r.norm_input);
  r.batch_tokens = row_moments(r.batch_normalised);
  return r;
}

const char* sublayer_name(SubLayer kind) {
  switch (kind) {
    case SubLayer::SelfAttention: return "self-attention";
    case SubLayer::CrossAttention: return "cross-attention";
    case SubLayer::FeedForward: break;
  }
  return "feed-forward";
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
  const ModelConfig& config = model.config();
  const ModelWeights& weights = model.weights();
  const bool encoder = request.stack == Stack::Encoder;
  if (encoder ? !weights.encoder : !weights.decoder) {
    throw InputError(encoder ? "the model has no encoder" : "the model has no decoder");
  }
  const int layers = encoder ? config.encoder_layers : config.decoder_layers;
  if (request.layer < 0 || request.layer >= layers) {
    throw InputError(std::string(encoder ? "encoder" : "decoder") + " layer " + std::to_string(request.layer) +
                     " does not exist (the model has " + std::to_string(layers) + ")");
  }
  // The forward pass checks the ids and gives the encoder output the cross-attention reads.
  ForwardOptions options;
  options.positional_encoding = request.positional_encoding;
  const ForwardResult pass = forward(model, source_ids, target_ids, options);

  // The residual stream entering the chosen layer: embedding, then every earlier layer.
  RowMatrix x;
  std::vector<Box> boxes;
  if (encoder) {
    const EncoderWeights& stack = *weights.encoder;
    x = embed(source_ids, stack.embedding, config, request.positional_encoding);
    for (int l = 0; l < request.layer; ++l) x = encoder_layer(x, stack.layers[l], config).output;
    boxes = encoder_boxes(stack.layers[request.layer], config);
  } else {
    const DecoderWeights& stack = *weights.decoder;
    x = embed(target_ids, stack.embedding, config, request.positional_encoding);
    for (int l = 0; l < request.layer; ++l) x = decoder_layer(x, pass.encoder_output, stack.layers[l], config).output;
    boxes = decoder_boxes(stack.layers[request.layer], config, pass.encoder_output);
  }
  // Within the layer: every Add & Norm before the chosen one, then the chosen one inspected.
  for (const Box& box : boxes) {
    if (box.kind == request.sublayer) return inspect(x, box, config);
    x = add_and_norm(x, *box.norm, config, box.apply);
  }
  throw InputError(std::string("this layer has no ") + sublayer_name(request.sublayer) + " sub-layer");
}

}  // namespace core
