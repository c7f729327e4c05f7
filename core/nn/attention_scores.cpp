#include "nn/attention_scores.h"

#include "nn/attention.h"
#include "nn/position_bias.h"
#include "tensor/gemm.h"
#include "tensor/thread_pool.h"

namespace core {

RowMatrix head_scores(const Eigen::Ref<const RowMatrix>& q, const Eigen::Ref<const RowMatrix>& k, const AttentionSpec& spec,
                      const WeightMatrix& relative_table, bool position_bias, int first_query, int head,
                      float alibi_slope) {
  const Eigen::Index d_k = spec.head_dim;
  const Eigen::Index g = spec.kv_head_of(head);  // the key/value head this query head reads
  // α_{i,j} = q^i · k^j · scale
  RowMatrix alpha(q.rows(), k.rows());
  gemm_nt(q.rows(), k.rows(), d_k, q.data() + head * d_k, q.outerStride(), k.data() + g * d_k, k.outerStride(),
          alpha.data(), alpha.cols());
  alpha *= spec.scale;
  // Gemma 2: α ← cap · tanh(α / cap), before the bias and the mask
  if (spec.soft_cap > 0.0f) alpha = ((alpha.array() / spec.soft_cap).tanh() * spec.soft_cap).matrix();
  if (position_bias && spec.positions == ScorePositions::RelativeBias && !relative_table.empty()) {
    // α_{i,j} += table[bucket(j − i), h]
    alpha += relative_bias(spec.relative, relative_table, head, first_query, static_cast<int>(alpha.rows()),
                           static_cast<int>(alpha.cols()));
  } else if (position_bias && spec.positions == ScorePositions::Alibi) {
    // α_{i,j} += m_h · j
    for (Eigen::Index j = 0; j < alpha.cols(); ++j) alpha.col(j).array() += alibi_slope * static_cast<float>(j);
  }
  apply_mask(alpha, spec, first_query);
  return alpha;
}

RowMatrix head_attention(const AttentionScoreInputs& inputs, int head) {
  const WeightMatrix table{inputs.relative_bias_table.data(), inputs.relative_bias_table.rows(),
                           inputs.relative_bias_table.cols(), ScalarType::F32, DotProduct::F32};
  const WeightMatrix no_table{};
  const bool alibi = inputs.spec.positions == ScorePositions::Alibi;
  const float slope = alibi ? alibi_slopes(inputs.spec.heads)[static_cast<std::size_t>(head)] : 0.0f;
  const Eigen::Index rows = inputs.q.rows();
  RowMatrix alpha_hat(rows, inputs.k.rows());
  // Each thread computes a contiguous run of query rows: α and α̂ of a row depend on that row only.
  const int parts = parts_for(static_cast<double>(rows * inputs.k.rows() * inputs.spec.head_dim));
  parallel_for(parts, [&](int part) {
    const Eigen::Index begin = rows * part / parts;
    const Eigen::Index end = rows * (part + 1) / parts;
    if (begin == end) return;
    RowMatrix alpha = head_scores(inputs.q.middleRows(begin, end - begin), inputs.k, inputs.spec,
                                  inputs.relative_bias_table.size() > 0 ? table : no_table, inputs.position_bias,
                                  inputs.first_query_position + static_cast<int>(begin), head, slope);
    // α̂ = softmax(α) per query row
    softmax_rows(alpha);
    alpha_hat.middleRows(begin, end - begin) = alpha;
  });
  return alpha_hat;
}

}  // namespace core
