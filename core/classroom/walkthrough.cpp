#include "classroom/walkthrough.h"

#include <cmath>
#include <limits>
#include <string>

#include "tensor/errors.h"
#include "model/transformer.h"
#include "nn/position_bias.h"
#include "nn/rotary.h"
#include "tensor/gemm.h"

namespace core {

namespace {

constexpr float minus_infinity = -std::numeric_limits<float>::infinity();

// y = W a + b for one column a: the lecture's q^i = W^q a^i + b^q, one vector at a time.
ColumnVector apply(const LinearWeights& w, const Eigen::Ref<const ColumnVector>& a) {
  ColumnVector y(w.weight.rows);
  // yᵀ = aᵀ Wᵀ: the weight read in its stored type by the same kernel the forward pass uses
  gemm_nt(1, a.data(), a.size(), w.weight, y.data(), y.size());
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

// Whether the mask hides key j from query i: causal (j > i) or outside a sliding window (j ≤ i − W).
bool hidden(const AttentionSpec& spec, Eigen::Index query, Eigen::Index key) {
  if (spec.mask == MaskKind::Causal && key > query) return true;
  return spec.window > 0 && key <= query - spec.window;
}

// α_{i,j} before the mask: q^i · k^j · scale, soft-capped, plus the position bias when the model has one.
float score(const Walkthrough& w, const AttentionWeights& weights, int h, Eigen::Index i, Eigen::Index j, float dot) {
  const AttentionSpec& spec = w.spec;
  float alpha = dot * spec.scale;
  if (spec.soft_cap > 0.0f) alpha = spec.soft_cap * std::tanh(alpha / spec.soft_cap);
  if (!w.positional_encoding) return alpha;
  if (spec.positions == ScorePositions::RelativeBias && !weights.relative_bias.empty()) {
    alpha += weights.relative_bias.view()(relative_position_bucket(static_cast<int>(j - i), spec.relative), h);
  } else if (spec.positions == ScorePositions::Alibi) {
    alpha += w.alibi_slopes[h] * static_cast<float>(j);
  }
  return alpha;
}

// Pages 3–5: query i_q of head h, one key at a time, from w's q, k, v rows. Under grouped-query
// attention head h reads the keys and values of its group's key/value head.
QueryStep query_step(const Walkthrough& w, const AttentionWeights& weights, int h, int i_q) {
  const int g = w.spec.kv_head_of(h);
  QueryStep s;
  s.q = w.q.row(i_q).segment(h * w.d_k, w.d_k).transpose();
  s.k = w.k.middleCols(g * w.d_k, w.d_k).transpose();
  s.v = w.v.middleCols(g * w.d_k, w.d_k).transpose();
  const Eigen::Index keys = s.k.cols();
  s.alpha_raw.resize(keys);
  s.alpha.resize(keys);
  s.visible.resize(keys);
  for (Eigen::Index i = 0; i < keys; ++i) {
    // α_{1,i} = q^1 · k^i / √d
    s.alpha_raw(i) = score(w, weights, h, i_q, i, s.q.dot(s.k.col(i)));
    s.visible[i] = !hidden(w.spec, i_q, i);
    s.alpha(i) = s.visible[i] ? s.alpha_raw(i) : minus_infinity;
  }
  s.alpha_hat = softmax(s.alpha);
  // b^1 = Σ_i α̂_{1,i} v^i
  s.b = ColumnVector::Zero(w.d_k);
  for (Eigen::Index i = 0; i < keys; ++i) s.b += s.alpha_hat(i) * s.v.col(i);
  return s;
}

// Page 6: the same head all at once, in the lecture's column layout.
MatrixForm matrix_form(const AttentionWeights& weights, const Walkthrough& w) {
  const int h = w.request.head;
  const Eigen::Index q_rows = static_cast<Eigen::Index>(h) * w.d_k;
  const Eigen::Index kv_rows = static_cast<Eigen::Index>(w.spec.kv_head_of(h)) * w.d_k;
  MatrixForm m;
  m.input_q = w.a_q.transpose();
  m.input_kv = w.a_kv.transpose();
  if (w.rotary) {
    // Rotated q and k depend on each token's position: the columns of the rotated rows.
    m.q = w.q.middleCols(q_rows, w.d_k).transpose();
    m.k = w.k.middleCols(kv_rows, w.d_k).transpose();
  } else {
    // Q = W^q I (+ b^q), only this head's rows of W^q
    m.q = weights.w_q.weight.rows_f32(q_rows, w.d_k) * m.input_q;
    m.k = weights.w_k.weight.rows_f32(kv_rows, w.d_k) * m.input_kv;
    if (!weights.w_q.bias.empty()) m.q.colwise() += weights.w_q.bias.view().segment(q_rows, w.d_k).transpose();
    if (!weights.w_k.bias.empty()) m.k.colwise() += weights.w_k.bias.view().segment(kv_rows, w.d_k).transpose();
  }
  m.v = weights.w_v.weight.rows_f32(kv_rows, w.d_k) * m.input_kv;
  if (!weights.w_v.bias.empty()) m.v.colwise() += weights.w_v.bias.view().segment(kv_rows, w.d_k).transpose();
  // A = K^T Q / √d: column j holds query j's scores against every key
  m.a = m.k.transpose() * m.q;
  for (Eigen::Index j = 0; j < m.a.cols(); ++j) {
    for (Eigen::Index i = 0; i < m.a.rows(); ++i) {
      m.a(i, j) = hidden(w.spec, j, i) ? minus_infinity : score(w, weights, h, j, i, m.a(i, j));
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

Walkthrough walk_through(const AttentionWeights& weights, const AttentionSpec& spec,
                         const Eigen::Ref<const RowMatrix>& a_q, const Eigen::Ref<const RowMatrix>& a_kv,
                         const WalkthroughRequest& request, bool positional_encoding) {
  const Eigen::Index d_model = weights.w_q.weight.cols;
  const int heads = spec.heads;
  if (heads <= 0 || spec.head_dim <= 0 || weights.w_q.weight.rows != Eigen::Index{heads} * spec.head_dim) {
    throw InputError("the layer's weights do not split into " + std::to_string(heads) + " heads");
  }
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
  w.spec = spec;
  w.heads = heads;
  w.d_k = spec.head_dim;
  w.causal_mask = spec.mask == MaskKind::Causal;
  w.cross_attention = request.kind == AttentionKind::DecoderCross;
  w.has_bias = !weights.w_q.bias.empty();
  w.positional_encoding = positional_encoding;
  w.rotary = positional_encoding && spec.positions == ScorePositions::Rotary;
  if (spec.positions == ScorePositions::Alibi) w.alibi_slopes = alibi_slopes(heads);
  w.a_q = a_q;
  w.a_kv = a_kv;
  // q^i = W^q a^i + b^q,  k^i = W^k a^i + b^k,  v^i = W^v a^i + b^v
  w.q = apply_to_rows(weights.w_q, a_q);
  w.k = apply_to_rows(weights.w_k, a_kv);
  w.v = apply_to_rows(weights.w_v, a_kv);
  if (w.rotary) {
    // rotary models turn q^i and k^j by angles proportional to i and j
    const int length = static_cast<int>(a_q.rows());
    apply_rotary(w.q, heads, w.d_k, rotary_table(spec.rotary, 0, length, length));
    apply_rotary(w.k, spec.kv_heads, w.d_k, rotary_table(spec.rotary, 0, static_cast<int>(a_kv.rows()), length));
  }
  w.b_q = bias_or_empty(weights.w_q);
  w.b_k = bias_or_empty(weights.w_k);
  w.b_v = bias_or_empty(weights.w_v);
  w.b_o = bias_or_empty(weights.w_o);

  w.step = query_step(w, weights, request.head, request.query);
  w.matrix = matrix_form(weights, w);

  // every head h: b^{i,h} = Σ_j α̂^h_{i,j} v^{j,h}, each query on its own as on page 5
  w.concatenated.resize(a_q.rows(), Eigen::Index{heads} * w.d_k);
  for (int h = 0; h < heads; ++h) {
    RowMatrix b_h(a_q.rows(), w.d_k);
    for (Eigen::Index i = 0; i < a_q.rows(); ++i) {
      b_h.row(i) = query_step(w, weights, h, static_cast<int>(i)).b.transpose();
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
  const ModelSpec& spec = model.spec();
  const bool encoder = kind == AttentionKind::EncoderSelf;
  if (encoder && !spec.has_encoder()) throw InputError("the model has no encoder");
  if (!encoder && !spec.has_decoder()) throw InputError("the model has no decoder");
  if (kind == AttentionKind::DecoderCross && !spec.has_encoder()) {
    throw InputError("a decoder-only model has no cross-attention");
  }
  const int layers = spec.layers(kind);
  if (layer < 0 || layer >= layers) {
    throw InputError(std::string(to_string(kind)) + " layer " + std::to_string(layer) + " does not exist (the model has " +
                     std::to_string(layers) + ")");
  }
  if (encoder) return weights.encoder.blocks[layer].self_attention;
  const BlockWeights& block = weights.decoder.blocks[layer];
  return kind == AttentionKind::DecoderSelf ? block.self_attention : block.cross_attention;
}

Walkthrough walk_through(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                         const WalkthroughRequest& request, bool positional_encoding, std::size_t memory_budget) {
  const AttentionWeights& weights = attention_weights(model, request.kind, request.layer);
  ForwardOptions options;
  options.positional_encoding = positional_encoding;
  options.memory_budget = memory_budget;
  options.record = {{request.kind, request.layer}};
  const ForwardResult result = forward(model, source_ids, target_ids, options);
  // The pass records the layer's inputs whenever the layer exists, which attention_weights checked.
  const RowMatrix* a_q = result.record.find(request.kind, request.layer, "attn_in_q");
  const RowMatrix* a_kv = result.record.find(request.kind, request.layer, "attn_in_kv");
  if (a_q == nullptr || a_kv == nullptr) throw InputError("the forward pass recorded no input for this layer");
  Walkthrough w = walk_through(weights, model.spec().attention(request.kind, request.layer), *a_q, *a_kv, request,
                               positional_encoding);
  const StackSpec& stack = request.kind == AttentionKind::EncoderSelf ? model.spec().encoder : model.spec().decoder;
  w.normalised_inputs = stack.blocks[request.layer].layout != ResidualLayout::PostNorm;
  return w;
}

}  // namespace core
