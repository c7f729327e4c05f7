#include "analysis/why/qk_view.h"

#include <cmath>
#include <string>

#include "nn/position_bias.h"
#include "tensor/errors.h"

namespace core {

namespace {

const AttentionWeights& layer_weights(const Model& model, AttentionKind kind, int layer) {
  const ModelWeights& weights = model.weights();
  const std::size_t l = static_cast<std::size_t>(layer);
  if (kind == AttentionKind::EncoderSelf) return weights.encoder.blocks[l].self_attention;
  if (kind == AttentionKind::DecoderSelf) return weights.decoder.blocks[l].self_attention;
  return weights.decoder.blocks[l].cross_attention;
}

const RowMatrix& recorded(const ForwardResult& pass, const HeadRef& head, const char* name) {
  const RowMatrix* value = pass.record.find(head.kind, head.layer, name);
  if (value == nullptr) {
    throw InputError(std::string(to_string(head.kind)) + " layer " + std::to_string(head.layer) +
                     " was not recorded by the pass (its step \"" + name + "\" is missing)");
  }
  return *value;
}

}  // namespace

void check_head(const ModelSpec& spec, const HeadRef& head) {
  const int layers = spec.layers(head.kind);
  if (layers == 0) throw InputError(std::string("the model has no ") + to_string(head.kind) + " attention");
  if (head.layer < 0 || head.layer >= layers) {
    throw InputError(std::string(to_string(head.kind)) + " layer " + std::to_string(head.layer) +
                     " does not exist: the model has " + std::to_string(layers) + " (layers count from 0)");
  }
  const int heads = spec.attention(head.kind, head.layer).heads;
  if (head.head < 0 || head.head >= heads) {
    throw InputError(std::string(to_string(head.kind)) + " layer " + std::to_string(head.layer) + " head " +
                     std::to_string(head.head) + " does not exist: the layer has " + std::to_string(heads) +
                     " heads (heads count from 0)");
  }
}

QkView qk_view(const Model& model, const ForwardResult& pass, const QkRequest& request, bool positional_encoding) {
  const HeadRef& head = request.head;
  check_head(model.spec(), head);
  const AttentionSpec& spec = model.spec().attention(head.kind, head.layer);
  const RowMatrix& q_all = recorded(pass, head, "q");
  const RowMatrix& k_all = recorded(pass, head, "k");
  const std::vector<RowMatrix>* scores = pass.record.find_heads(head.kind, head.layer, "scores");
  const std::vector<RowMatrix>* weights = pass.record.find_heads(head.kind, head.layer, "alpha_hat");
  if (scores == nullptr || weights == nullptr) recorded(pass, head, "scores");  // throws naming the layer
  const int queries = static_cast<int>(q_all.rows());
  if (request.query < 0 || request.query >= queries) {
    throw InputError(std::string(to_string(head.kind)) + " layer " + std::to_string(head.layer) + " query " +
                     std::to_string(request.query) + " does not exist: the input has " + std::to_string(queries) +
                     " queries (positions count from 0)");
  }
  const RowMatrix* q_rotated = pass.record.find(head.kind, head.layer, "q_rotated");
  const RowMatrix* k_rotated = pass.record.find(head.kind, head.layer, "k_rotated");
  const bool rotary = q_rotated != nullptr && k_rotated != nullptr;

  QkView view;
  view.request = request;
  view.kv_head = spec.kv_head_of(head.head);
  view.head_dim = spec.head_dim;
  view.scale = spec.scale;
  view.soft_cap = spec.soft_cap;
  view.positions = spec.positions;
  const Eigen::Index d_h = spec.head_dim;
  const Eigen::Index i = request.query;
  // this head's columns: q^{i,h} is q^i's [h·d_h, (h+1)·d_h), k^{j,g} is k^j's [g·d_h, (g+1)·d_h)
  view.q = q_all.row(i).segment(head.head * d_h, d_h);
  view.k = k_all.middleCols(view.kv_head * d_h, d_h);
  if (rotary) {
    view.q_rotated = q_rotated->row(i).segment(head.head * d_h, d_h);
    view.k_rotated = k_rotated->middleCols(view.kv_head * d_h, d_h);
  }
  const RowVector& q = rotary ? view.q_rotated : view.q;
  const RowMatrix& k = rotary ? view.k_rotated : view.k;
  // (q ⊙ k^j)_d = q_d · k^j_d, one row per key
  view.products = k.array().rowwise() * q.array();
  // content_j = scale · Σ_d (q ⊙ k^j)_d
  view.content = (view.products.rowwise().sum() * spec.scale).transpose();
  if (rotary) {
    // content⁰_j = scale · q · k^j before the rotation
    view.content_unrotated = (view.k * view.q.transpose() * spec.scale).transpose();
  }
  if (spec.soft_cap > 0.0f) {
    // capped_j = cap · tanh(content_j / cap)
    view.capped = ((view.content.array() / spec.soft_cap).tanh() * spec.soft_cap).matrix();
  }
  const int keys = static_cast<int>(k.rows());
  const RowVector alpha = (*scores)[static_cast<std::size_t>(head.head)].row(i);
  const AttentionWeights& w = layer_weights(model, head.kind, head.layer);
  view.positional_encoding = positional_encoding;
  // a pass without position terms added no bias
  if (positional_encoding && spec.positions == ScorePositions::RelativeBias && !w.relative_bias.empty()) {
    // bias_j = table[bucket(j − i), h]
    const RowMatrix bias = relative_bias(spec.relative, w.relative_bias, head.head, request.query, 1, keys);
    view.position_bias = bias.row(0);
  } else if (positional_encoding && spec.positions == ScorePositions::Alibi) {
    // bias_j = m_h · j
    const float slope = alibi_slopes(spec.heads)[static_cast<std::size_t>(head.head)];
    view.position_bias = RowVector::LinSpaced(keys, 0.0f, static_cast<float>(keys - 1)) * slope;
  }
  view.alpha = alpha;
  view.alpha_hat = (*weights)[static_cast<std::size_t>(head.head)].row(i);
  view.masked.resize(static_cast<std::size_t>(keys));
  for (int j = 0; j < keys; ++j) view.masked[static_cast<std::size_t>(j)] = std::isinf(alpha(j)) && alpha(j) < 0.0f;
  return view;
}

QkView compute_qk_view(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                       const QkRequest& request, const ForwardOptions& forward_options) {
  check_head(model.spec(), request.head);
  ForwardOptions pass_options = forward_options;
  pass_options.record = {{request.head.kind, request.head.layer}};
  const ForwardResult pass = forward(model, source_ids, target_ids, pass_options);
  return qk_view(model, pass, request, forward_options.positional_encoding);
}

}  // namespace core
