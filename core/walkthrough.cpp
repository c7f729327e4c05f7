#include "walkthrough.h"

#include <cmath>
#include <limits>
#include <string>

#include "errors.h"
#include "transformer.h"

namespace core {

namespace {

constexpr float minus_infinity = -std::numeric_limits<float>::infinity();

// y = W a + b for one column a: the lecture's q^i = W^q a^i + b^q, one vector at a time.
ColumnVector apply(const LinearWeights& w, const Eigen::Ref<const ColumnVector>& a) {
  ColumnVector y = w.weight.view() * a;
  if (!w.bias.empty()) y += w.bias.view().transpose();
  return y;
}

RowVector bias_or_empty(const LinearWeights& w) { return w.bias.empty() ? RowVector() : RowVector(w.bias.view()); }

// Applies W to every row of a, one vector at a time: (T, in) → (T, out).
RowMatrix apply_to_rows(const LinearWeights& w, const Eigen::Ref<const RowMatrix>& a) {
  RowMatrix y(a.rows(), w.weight.rows);
  for (Eigen::Index i = 0; i < a.rows(); ++i) y.row(i) = apply(w, a.row(i).transpose()).transpose();
  return y;
}

// α̂_i = exp(α_i − max) / Σ_j exp(α_j − max); the max is subtracted so exp never overflows,
// and −∞ (hidden) becomes exactly 0.
ColumnVector softmax(const ColumnVector& alpha) {
  const float top = alpha.maxCoeff();
  ColumnVector e(alpha.size());
  for (Eigen::Index i = 0; i < alpha.size(); ++i) e(i) = alpha(i) == minus_infinity ? 0.0f : std::exp(alpha(i) - top);
  return e / e.sum();
}

bool hidden(bool causal_mask, Eigen::Index query, Eigen::Index key) { return causal_mask && key > query; }

// Pages 3–5: query i_q of head h, one key at a time, from w's q, k, v rows.
QueryStep query_step(const Walkthrough& w, int h, int i_q, float inv_sqrt_d) {
  QueryStep s;
  s.q = w.q.row(i_q).segment(h * w.d_k, w.d_k).transpose();
  s.k = w.k.middleCols(h * w.d_k, w.d_k).transpose();
  s.v = w.v.middleCols(h * w.d_k, w.d_k).transpose();
  const Eigen::Index keys = s.k.cols();
  s.alpha_raw.resize(keys);
  s.alpha.resize(keys);
  s.visible.resize(keys);
  for (Eigen::Index i = 0; i < keys; ++i) {
    // α_{1,i} = q^1 · k^i / √d
    s.alpha_raw(i) = s.q.dot(s.k.col(i)) * inv_sqrt_d;
    s.visible[i] = !hidden(w.causal_mask, i_q, i);
    s.alpha(i) = s.visible[i] ? s.alpha_raw(i) : minus_infinity;
  }
  s.alpha_hat = softmax(s.alpha);
  // b^1 = Σ_i α̂_{1,i} v^i
  s.b = ColumnVector::Zero(w.d_k);
  for (Eigen::Index i = 0; i < keys; ++i) s.b += s.alpha_hat(i) * s.v.col(i);
  return s;
}

// Page 6: the same head all at once, in the lecture's column layout.
MatrixForm matrix_form(const AttentionWeights& weights, const Walkthrough& w, float inv_sqrt_d) {
  const Eigen::Index rows = static_cast<Eigen::Index>(w.request.head) * w.d_k;
  MatrixForm m;
  m.input_q = w.a_q.transpose();
  m.input_kv = w.a_kv.transpose();
  // Q = W^q I (+ b^q), only this head's rows of W^q
  m.q = weights.w_q.weight.view().middleRows(rows, w.d_k) * m.input_q;
  m.k = weights.w_k.weight.view().middleRows(rows, w.d_k) * m.input_kv;
  m.v = weights.w_v.weight.view().middleRows(rows, w.d_k) * m.input_kv;
  if (w.has_bias) {
    m.q.colwise() += weights.w_q.bias.view().segment(rows, w.d_k).transpose();
    m.k.colwise() += weights.w_k.bias.view().segment(rows, w.d_k).transpose();
    m.v.colwise() += weights.w_v.bias.view().segment(rows, w.d_k).transpose();
  }
  // A = K^T Q / √d: column j holds query j's scores against every key
  m.a = (m.k.transpose() * m.q) * inv_sqrt_d;
  for (Eigen::Index j = 0; j < m.a.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.a.rows(); ++i) {
      if (hidden(w.causal_mask, j, i)) m.a(i, j) = minus_infinity;
    }
  }
  // Â = softmax(A), per column
  m.a_hat.resize(m.a.rows(), m.a.cols());
  for (Eigen::Index j = 0; j < m.a.cols(); ++j) m.a_hat.col(j) = softmax(m.a.col(j));
  // O = V Â
  m.o = m.v * m.a_hat;
  return m;
}

}  // namespace

Walkthrough walk_through(const AttentionWeights& weights, int heads, bool causal_mask,
                         const Eigen::Ref<const RowMatrix>& a_q, const Eigen::Ref<const RowMatrix>& a_kv,
                         const WalkthroughRequest& request) {
  const Eigen::Index d_model = weights.w_q.weight.cols;
  if (heads <= 0 || d_model % heads != 0) throw InputError("the layer's width does not split into " + std::to_string(heads) + " heads");
  if (a_q.cols() != d_model || a_kv.cols() != d_model) {
    throw InputError("the layer's input has " + std::to_string(a_q.cols()) + " values per token; the weights take " +
                     std::to_string(d_model));
  }
  if (request.head < 0 || request.head >= heads) {
    throw InputError("head " + std::to_string(request.head) + " does not exist (the layer has " +
                     std::to_string(heads) + ")");
  }
  if (request.query < 0 || request.query >= a_q.rows()) {
    throw InputError("query token " + std::to_string(request.query) + " does not exist (the input has " +
                     std::to_string(a_q.rows()) + " tokens)");
  }

  Walkthrough w;
  w.request = request;
  w.heads = heads;
  w.d_k = static_cast<int>(d_model / heads);
  w.causal_mask = causal_mask;
  w.cross_attention = request.kind == AttentionKind::DecoderCross;
  w.has_bias = !weights.w_q.bias.empty();
  w.a_q = a_q;
  w.a_kv = a_kv;
  // q^i = W^q a^i + b^q,  k^i = W^k a^i + b^k,  v^i = W^v a^i + b^v
  w.q = apply_to_rows(weights.w_q, a_q);
  w.k = apply_to_rows(weights.w_k, a_kv);
  w.v = apply_to_rows(weights.w_v, a_kv);
  w.b_q = bias_or_empty(weights.w_q);
  w.b_k = bias_or_empty(weights.w_k);
  w.b_v = bias_or_empty(weights.w_v);
  w.b_o = bias_or_empty(weights.w_o);

  const float inv_sqrt_d = 1.0f / std::sqrt(static_cast<float>(w.d_k));
  w.step = query_step(w, request.head, request.query, inv_sqrt_d);
  w.matrix = matrix_form(weights, w, inv_sqrt_d);

  // every head h: b^{i,h} = Σ_j α̂^h_{i,j} v^{j,h}, each query on its own as on page 5
  w.concatenated.resize(a_q.rows(), d_model);
  for (int h = 0; h < heads; ++h) {
    RowMatrix b_h(a_q.rows(), w.d_k);
    for (Eigen::Index i = 0; i < a_q.rows(); ++i) {
      b_h.row(i) = query_step(w, h, static_cast<int>(i), inv_sqrt_d).b.transpose();
    }
    // concatenation: [b^{i,1}; …; b^{i,H}]
    w.concatenated.middleCols(static_cast<Eigen::Index>(h) * w.d_k, w.d_k) = b_h;
    w.head_outputs.push_back(std::move(b_h));
  }
  // b^i = W^O [b^{i,1}; …; b^{i,H}] + b^O
  w.output = apply_to_rows(weights.w_o, w.concatenated);
  return w;
}

const AttentionWeights& attention_weights(const Model& model, AttentionKind kind, int layer) {
  const ModelWeights& weights = model.weights();
  const bool encoder = kind == AttentionKind::EncoderSelf;
  if (encoder && !weights.encoder) throw InputError("the model has no encoder");
  if (!encoder && !weights.decoder) throw InputError("the model has no decoder");
  if (kind == AttentionKind::DecoderCross && !model.config().has_encoder()) {
    throw InputError("a decoder-only model has no cross-attention");
  }
  const std::size_t layers = encoder ? weights.encoder->layers.size() : weights.decoder->layers.size();
  if (layer < 0 || static_cast<std::size_t>(layer) >= layers) {
    throw InputError(std::string(to_string(kind)) + " layer " + std::to_string(layer) + " does not exist (the model has " +
                     std::to_string(layers) + ")");
  }
  if (encoder) return weights.encoder->layers[layer].self_attention;
  const DecoderLayerWeights& decoder_layer = weights.decoder->layers[layer];
  return kind == AttentionKind::DecoderSelf ? decoder_layer.self_attention : decoder_layer.cross_attention;
}

Walkthrough walk_through(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                         const WalkthroughRequest& request, bool positional_encoding) {
  const AttentionWeights& weights = attention_weights(model, request.kind, request.layer);
  ForwardOptions options;
  options.positional_encoding = positional_encoding;
  options.detail = DetailRequest{request.kind, request.layer};
  const ForwardResult result = forward(model, source_ids, target_ids, options);
  // The forward pass fills the detail whenever the layer exists, which attention_weights checked.
  const AttentionDetail& detail = *result.detail;
  Walkthrough w = walk_through(weights, model.config().heads, request.kind == AttentionKind::DecoderSelf,
                               detail.input_queries, detail.input_keys_values, request);
  w.normalised_inputs = model.config().norm_placement == NormPlacement::PreNorm;
  return w;
}

}  // namespace core
