#include "families/fused_qkv.h"

#include <vector>

namespace core {

namespace {

// The packed rows of part (0 = q, 1 = k, 2 = v): rows part·d_k … of every head's group of three.
std::vector<Eigen::Index> part_rows(int heads, int head_dim, int part) {
  std::vector<Eigen::Index> rows;
  for (int h = 0; h < heads; ++h) {
    for (int r = 0; r < head_dim; ++r) rows.push_back((Eigen::Index{3} * h + part) * head_dim + r);
  }
  return rows;
}

}  // namespace

void bind_fused_qkv_by_head(WeightBinder& binder, const std::string& prefix, int heads, int head_dim,
                            Eigen::Index d_model, bool bias, AttentionWeights& attention) {
  const Eigen::Index rows = Eigen::Index{3} * heads * head_dim;
  // Rows are copied in the stored type: a bfloat16 checkpoint stays bfloat16.
  const WeightMatrix weight = binder.matrix(prefix + "weight", rows, d_model);
  LinearWeights* const parts[3] = {&attention.w_q, &attention.w_k, &attention.w_v};
  for (int part = 0; part < 3; ++part) parts[part]->weight = binder.own_rows(weight, part_rows(heads, head_dim, part));
  if (!bias) return;
  const WeightVector packed_bias = binder.vector(prefix + "bias", rows);
  const WeightMatrix bias_rows{packed_bias.data, rows, 1};
  for (int part = 0; part < 3; ++part) {
    const WeightMatrix gathered = binder.own_rows(bias_rows, part_rows(heads, head_dim, part));
    parts[part]->bias = WeightVector{static_cast<const float*>(gathered.data), gathered.rows};
  }
}

}  // namespace core
