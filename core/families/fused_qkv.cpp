#include "families/fused_qkv.h"

namespace core {

namespace {

// Rows part·d_k … of every head's group of three: part 0 = q, 1 = k, 2 = v.
RowMatrix gather(const MatrixView& packed, int heads, int head_dim, int part) {
  RowMatrix rows(Eigen::Index{heads} * head_dim, packed.cols());
  for (int h = 0; h < heads; ++h) {
    rows.middleRows(Eigen::Index{h} * head_dim, head_dim) =
        packed.middleRows((Eigen::Index{3} * h + part) * head_dim, head_dim);
  }
  return rows;
}

}  // namespace

void bind_fused_qkv_by_head(WeightBinder& binder, const std::string& prefix, int heads, int head_dim,
                            Eigen::Index d_model, bool bias, AttentionWeights& attention) {
  const Eigen::Index rows = Eigen::Index{3} * heads * head_dim;
  const MatrixView weight = binder.matrix(prefix + "weight", rows, d_model).view();
  LinearWeights* const parts[3] = {&attention.w_q, &attention.w_k, &attention.w_v};
  for (int part = 0; part < 3; ++part) parts[part]->weight = binder.own(gather(weight, heads, head_dim, part));
  if (!bias) return;
  const WeightVector packed_bias = binder.vector(prefix + "bias", rows);
  const MatrixView bias_rows(packed_bias.data, rows, 1);
  for (int part = 0; part < 3; ++part) {
    const WeightMatrix gathered = binder.own(gather(bias_rows, heads, head_dim, part));
    parts[part]->bias = WeightVector{gathered.data, gathered.rows};
  }
}

}  // namespace core
