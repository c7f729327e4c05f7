#include "nn/attention_scores.h"

#include <algorithm>

#include "nn/attention.h"
#include "nn/attention_rows.h"
#include "nn/position_bias.h"
#include "tensor/gemm.h"
#include "tensor/memory_reuse.h"
#include "tensor/thread_pool.h"

namespace core {

RowMatrix head_scores(const Eigen::Ref<const RowMatrix>& q, const Eigen::Ref<const RowMatrix>& k, const AttentionSpec& spec,
                      const WeightMatrix& relative_table, bool position_bias, int first_query, int head,
                      float alibi_slope) {
  const Eigen::Index d_k = spec.head_dim;
  const Eigen::Index g = spec.kv_head_of(head);  // the key/value head this query head reads
  // α_{i,j} = q^i · k^j · scale
  RowMatrix alpha = large_matrix(q.rows(), k.rows());
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
  const Eigen::Index keys = inputs.k.rows();
  const std::vector<Eigen::Index> bounds = query_blocks(inputs.q.rows());
  const int blocks = static_cast<int>(bounds.size()) - 1;
  RowMatrix alpha_hat = large_matrix(inputs.q.rows(), keys);
  // Under the causal mask later blocks cost more, so thread p takes blocks p, p + parts, … (not a
  // contiguous run) to share the work evenly.
  const double work = static_cast<double>(inputs.q.rows() * keys * inputs.spec.head_dim);
  const int parts = std::max(1, std::min(blocks, parts_for(work)));
  parallel_for(parts, [&](int part) {
    for (int b = part; b < blocks; b += parts) {
      const Eigen::Index begin = bounds[static_cast<std::size_t>(b)];
      const Eigen::Index end = bounds[static_cast<std::size_t>(b) + 1];
      const RowMatrix rows = head_attention_rows(inputs, head, begin, end);
      alpha_hat.block(begin, 0, end - begin, rows.cols()) = rows;
      alpha_hat.block(begin, rows.cols(), end - begin, keys - rows.cols()).setZero();
    }
  });
  return alpha_hat;
}

}  // namespace core
