#pragma once
// The per-head metrics (analysis/head_analysis.h) added up one query row at a time, so a head's
// α̂ never has to exist whole: compute_head_metrics feeds it a stored matrix's rows, measure_heads
// the rows of an on-demand trace a block at a time (nn/attention_scores.h). Both give the same
// numbers for the same rows, bit for bit.
//   n_i = keys query i may see: T_k, or min(i + 1, T_k) under the causal mask
//   H_i = −Σ_j α̂_{i,j} ln α̂_{i,j}, D_i = Σ_j α̂_{i,j} |i − j| (one pass: tensor/row_sums.h)
//   L_i, S_i, C_i and α̂_{i,i−1}, α̂_{i,i}, α̂_{i,i+1} as in head_analysis.h
// Each is averaged over the queries with n_i ≥ 2.

#include <span>
#include <vector>

#include "analysis/head_analysis.h"
#include "analysis/running_mean.h"

namespace core {

class HeadMetricRows {
 public:
  // keys: T_k, the width of the full α̂ (the rows given to add may be shorter: see add).
  HeadMetricRows(AttentionKind kind, std::span<const int> sinks, const HeadMetricOptions& options, Eigen::Index keys);

  // Adds query i's row: row[0 … length) holds α̂_{i,0 … length−1}; the keys past length are taken
  // as 0 (an on-demand block stops at the last key its queries may see).
  void add(Eigen::Index i, const float* row, Eigen::Index length);

  HeadMetrics result() const;

 private:
  using Mean = RunningMean;

  bool causal_;
  bool self_;
  Eigen::Index window_;
  Eigen::Index keys_;
  std::vector<int> sinks_;
  Mean entropy_, entropy_normalized_, distance_, uniform_distance_, local_, previous_, current_, next_, sink_,
      sink_first_, sink_special_, confidence_;
};

}  // namespace core
