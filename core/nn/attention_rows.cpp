#include "nn/attention_rows.h"

#include <algorithm>

#include "nn/attention.h"
#include "nn/position_bias.h"

namespace core {

Eigen::Index keys_seen(const AttentionSpec& spec, int first_query, Eigen::Index keys, Eigen::Index end) {
  if (spec.mask != MaskKind::Causal) return keys;
  // query i (at position first_query + row) sees keys j ≤ i
  return std::clamp<Eigen::Index>(first_query + end, 0, keys);
}

Eigen::Index keys_seen(const AttentionScoreInputs& inputs, Eigen::Index end) {
  return keys_seen(inputs.spec, inputs.first_query_position, inputs.k.rows(), end);
}

std::vector<Eigen::Index> query_blocks(Eigen::Index queries) {
  constexpr Eigen::Index block_rows = 64;
  std::vector<Eigen::Index> bounds{0};
  for (Eigen::Index b = block_rows; b + block_rows <= queries; b += block_rows) bounds.push_back(b);
  if (queries > 0) bounds.push_back(queries);
  return bounds;
}

namespace {

// What head_scores needs besides Q and K, from a layer's kept inputs.
struct ScoreTerms {
  WeightMatrix table;  // T5's relative-bias table, or empty
  float slope = 0.0f;  // ALiBi's m_h, or 0
};

ScoreTerms score_terms(const AttentionScoreInputs& inputs, int head) {
  ScoreTerms terms;
  if (inputs.relative_bias_table.size() > 0) {
    terms.table = WeightMatrix{inputs.relative_bias_table.data(), inputs.relative_bias_table.rows(),
                               inputs.relative_bias_table.cols(), ScalarType::F32, DotProduct::F32};
  }
  if (inputs.spec.positions == ScorePositions::Alibi) {
    terms.slope = alibi_slopes(inputs.spec.heads)[static_cast<std::size_t>(head)];
  }
  return terms;
}

}  // namespace

RowMatrix head_attention_rows(const AttentionScoreInputs& inputs, int head, Eigen::Index begin, Eigen::Index end) {
  const ScoreTerms terms = score_terms(inputs, head);
  // the keys past keys_seen are masked for every row of the block: left out of the product
  const Eigen::Index keys = keys_seen(inputs, end);
  RowMatrix alpha = head_scores(inputs.q.middleRows(begin, end - begin), inputs.k.topRows(keys), inputs.spec,
                                terms.table, inputs.position_bias, inputs.first_query_position + static_cast<int>(begin),
                                head, terms.slope);
  // α̂ = softmax(α) per query row
  softmax_rows(alpha);
  return alpha;
}

}  // namespace core
