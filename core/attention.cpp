#include "attention.h"

#include <cmath>
#include <limits>

#include "feed_forward.h"

namespace core {

void softmax_rows(RowMatrix& scores) {
  constexpr float minus_infinity = -std::numeric_limits<float>::infinity();
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    auto row = scores.row(i).array();
    const float row_max = row.maxCoeff();
    if (row_max == minus_infinity) {
      // Nothing to attend to: exp(-inf - -inf) would be NaN, so the weights are all zero.
      row.setZero();
      continue;
    }
    // Subtracting the row maximum keeps exp() ≤ 1. Masked entries are set to 0 explicitly:
    // Eigen's vectorised exp clamps its input, so exp(-inf) is a tiny non-zero without AVX-512.
    row = (row == minus_infinity).select(0.0f, (row - row_max).exp());
    row /= row.sum();
  }
}

namespace {

void apply_causal_mask(RowMatrix& scores) {
  constexpr float minus_infinity = -std::numeric_limits<float>::infinity();
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    for (Eigen::Index j = i + 1; j < scores.cols(); ++j) scores(i, j) = minus_infinity;
  }
}

}  // namespace

AttentionResult multi_head_attention(const Eigen::Ref<const RowMatrix>& x_q,
                                     const Eigen::Ref<const RowMatrix>& x_kv,
                                     const AttentionWeights& weights, int heads, AttentionMask mask,
                                     AttentionDetail* detail) {
  // Q = X W^q (+ b^q), K, V likewise: all heads at once, head h in columns [h d_k, (h+1) d_k).
  const RowMatrix q = linear(x_q, weights.w_q);
  const RowMatrix k = linear(x_kv, weights.w_k);
  const RowMatrix v = linear(x_kv, weights.w_v);
  const Eigen::Index d_k = q.cols() / heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d_k));

  AttentionResult result;
  result.alpha_hat.resize(heads);
  RowMatrix heads_concatenated(x_q.rows(), q.cols());
  if (detail != nullptr) detail->scores.resize(heads);

  for (int h = 0; h < heads; ++h) {
    // α_{i,j} = q^i · k^j / sqrt(d_k)
    RowMatrix alpha(q.rows(), k.rows());
    alpha.noalias() = q.middleCols(h * d_k, d_k) * k.middleCols(h * d_k, d_k).transpose();
    alpha *= scale;
    if (mask == AttentionMask::Causal) apply_causal_mask(alpha);
    if (detail != nullptr) detail->scores[h] = alpha;
    // α̂ = softmax(α) per query row
    softmax_rows(alpha);
    // b^{i,h} = Σ_j α̂_{i,j} v^{j,h}
    heads_concatenated.middleCols(h * d_k, d_k).noalias() = alpha * v.middleCols(h * d_k, d_k);
    result.alpha_hat[h] = std::move(alpha);
  }
  // b^i = W^O [b^{i,1}; …; b^{i,H}]
  result.output = linear(heads_concatenated, weights.w_o);

  if (detail != nullptr) {
    detail->input_queries = x_q;
    detail->input_keys_values = x_kv;
    detail->q = q;
    detail->k = k;
    detail->v = v;
    detail->heads_concatenated = std::move(heads_concatenated);
  }
  return result;
}

}  // namespace core
