#include "attention.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "feed_forward.h"
#include "gemm.h"
#include "thread_pool.h"

namespace core {

void softmax_rows(RowMatrix& scores) {
  // Written with Eigen's packets because the obvious select() expression evaluates one scalar
  // std::exp at a time: 12 % of a 512-token pass.
  using Packet = Eigen::internal::packet_traits<float>::type;
  using namespace Eigen::internal;
  constexpr Eigen::Index lanes = packet_traits<float>::size;
  constexpr float minus_infinity = -std::numeric_limits<float>::infinity();
  const Packet masked = pset1<Packet>(minus_infinity);
  const Eigen::Index width = scores.cols();
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    float* row = scores.row(i).data();
    const float row_max = scores.row(i).maxCoeff();
    if (row_max == minus_infinity) {
      // Nothing to attend to: exp(-inf - -inf) would be NaN, so the weights are all zero.
      scores.row(i).setZero();
      continue;
    }
    // Subtracting the row maximum keeps exp() ≤ 1. Masked entries are set to 0 exactly: Eigen's
    // packet exp clamps its input (SSE: to -88.7), so exp(-inf) alone could be 2.9e-39.
    const Packet shift = pset1<Packet>(row_max);
    const auto exp_shifted = [&](const Packet& x) { return pandnot(pexp(psub(x, shift)), pcmp_eq(x, masked)); };
    Packet packet_sum = pset1<Packet>(0.0f);
    Eigen::Index j = 0;
    for (; j + lanes <= width; j += lanes) {
      const Packet e = exp_shifted(ploadu<Packet>(row + j));
      pstoreu(row + j, e);
      packet_sum = padd(packet_sum, e);
    }
    if (j < width) {
      // The last entries go through the same packet exp, padded with masked lanes: with std::exp
      // for them, a score's weight would depend on where in the row it sits, and reordering the
      // tokens (the permutation demo) would change weights by more than rounding.
      alignas(64) float tail[lanes];
      std::fill(std::begin(tail), std::end(tail), minus_infinity);
      std::copy(row + j, row + width, tail);
      const Packet e = exp_shifted(pload<Packet>(tail));
      pstore(tail, e);
      packet_sum = padd(packet_sum, e);
      std::copy(tail, tail + (width - j), row + j);
    }
    scores.row(i) /= predux(packet_sum);
  }
}

namespace {

void apply_causal_mask(RowMatrix& scores) {
  constexpr float minus_infinity = -std::numeric_limits<float>::infinity();
  for (Eigen::Index i = 0; i + 1 < scores.cols() && i < scores.rows(); ++i) {
    scores.row(i).tail(scores.cols() - i - 1).setConstant(minus_infinity);
  }
}

}  // namespace

AttentionResult multi_head_attention(const Eigen::Ref<const RowMatrix>& x_q,
                                     const Eigen::Ref<const RowMatrix>& x_kv,
                                     const AttentionWeights& weights, int heads, AttentionMask mask,
                                     AttentionDetail* detail, std::span<const int> zeroed_heads) {
  // Q = X W^q (+ b^q), K, V likewise: all heads at once, head h in columns [h d_k, (h+1) d_k).
  // Each thread computes its share of the columns of all three, in one hand-off.
  RowMatrix q(x_q.rows(), weights.w_q.weight.rows);
  RowMatrix k(x_kv.rows(), weights.w_k.weight.rows);
  RowMatrix v(x_kv.rows(), weights.w_v.weight.rows);
  const double d_in = static_cast<double>(x_q.cols());
  const int projection_parts = parts_for(static_cast<double>(q.size() + k.size() + v.size()) * d_in);
  parallel_for(projection_parts, [&](int part) {
    const auto [begin, end] = column_share(q.cols(), part, projection_parts);
    linear_columns(x_q, weights.w_q, begin, end, q);
    linear_columns(x_kv, weights.w_k, begin, end, k);
    linear_columns(x_kv, weights.w_v, begin, end, v);
  });
  const Eigen::Index d_k = q.cols() / heads;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d_k));

  AttentionResult result;
  result.alpha_hat.resize(heads);
  RowMatrix heads_concatenated(x_q.rows(), q.cols());
  if (detail != nullptr) detail->scores.resize(heads);

  // Heads are independent: each thread takes a contiguous run of them. Per head α = Q Kᵀ and
  // b = α̂ V cost 2 T_q T_k d_k multiply-adds, so all heads together 2 T_q T_k d_model.
  const int parts = parts_for(2.0 * static_cast<double>(q.rows() * k.rows() * q.cols()));
  parallel_for(parts, [&](int part) {
    for (int h = heads * part / parts; h < heads * (part + 1) / parts; ++h) {
      // α_{i,j} = q^i · k^j / sqrt(d_k)
      RowMatrix alpha(q.rows(), k.rows());
      gemm_nt(q.rows(), k.rows(), d_k, q.data() + h * d_k, q.cols(), k.data() + h * d_k, k.cols(), alpha.data(),
              alpha.cols());
      alpha *= scale;
      if (mask == AttentionMask::Causal) apply_causal_mask(alpha);
      if (detail != nullptr) detail->scores[h] = alpha;
      // α̂ = softmax(α) per query row
      softmax_rows(alpha);
      // b^{i,h} = Σ_j α̂_{i,j} v^{j,h}
      heads_concatenated.middleCols(h * d_k, d_k).noalias() = alpha * v.middleCols(h * d_k, d_k);
      result.alpha_hat[h] = std::move(alpha);
    }
  });
  // ablation: a switched-off head contributes nothing to W^O
  for (const int h : zeroed_heads) {
    if (h >= 0 && h < heads) heads_concatenated.middleCols(h * d_k, d_k).setZero();
  }
  // b^i = W^O [b^{i,1}; …; b^{i,H}]
  result.output = linear(heads_concatenated, weights.w_o);

  if (detail != nullptr) {
    detail->input_queries = x_q;
    detail->input_keys_values = x_kv;
    detail->q = std::move(q);
    detail->k = std::move(k);
    detail->v = std::move(v);
    detail->heads_concatenated = std::move(heads_concatenated);
  }
  return result;
}

}  // namespace core
