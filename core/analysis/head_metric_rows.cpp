#include "analysis/head_metric_rows.h"

#include <algorithm>
#include <cmath>

#include "tensor/row_sums.h"

namespace core {

HeadMetricRows::HeadMetricRows(AttentionKind kind, std::span<const int> sinks, const HeadMetricOptions& options,
                               Eigen::Index keys)
    : causal_(kind == AttentionKind::DecoderSelf),
      self_(kind != AttentionKind::DecoderCross),
      window_(std::max(0, options.local_window)),
      keys_(keys),
      sinks_(sinks.begin(), sinks.end()) {}

void HeadMetricRows::add(Eigen::Index i, const float* row, Eigen::Index length) {
  const Eigen::Index n = causal_ ? std::min(i + 1, keys_) : keys_;
  if (n < 2) return;
  // the entries stored: the keys past them hold α̂ = 0 and add nothing to any sum
  const Eigen::Index stored = std::min(n, length);
  const auto at = [&](Eigen::Index j) { return j < stored ? static_cast<double>(row[j]) : 0.0; };
  // H_i = −Σ_j α̂_{i,j} ln α̂_{i,j} and D_i = Σ_j α̂_{i,j} |i − j|, in one pass
  double h = 0.0;
  double d = 0.0;
  attention_row_sums()(row, stored, i, &h, &d);
  entropy_.add(h);
  // uniform attention over n keys has entropy ln n
  entropy_normalized_.add(h / std::log(static_cast<double>(n)));
  // S_i = Σ_{j ∈ sinks} α̂_{i,j}, split into the first token's part and the other sinks'
  double s = 0.0;
  double s_first = 0.0;
  for (const int j : sinks_) {
    if (j >= 0 && j < n) s += at(j);
    if (j == 0) s_first = at(0);
  }
  sink_.add(s);
  sink_first_.add(s_first);
  sink_special_.add(s - s_first);
  // C_i = max_j α̂_{i,j} (positive: the row sums to 1, so the keys past `stored` never win)
  confidence_.add(*std::max_element(row, row + stored));
  if (!self_) return;
  // D_i under uniform attention: Σ_{j<n} |i − j| / n = (i(i+1)/2 + (n−1−i)(n−i)/2) / n for i < n
  const double before = static_cast<double>(i) * static_cast<double>(i + 1) / 2.0;
  const double after = i < n ? static_cast<double>(n - 1 - i) * static_cast<double>(n - i) / 2.0 : 0.0;
  distance_.add(d);
  uniform_distance_.add((before + after) / static_cast<double>(n));
  // L_i = Σ_{|i−j| ≤ w} α̂_{i,j}
  double l = 0.0;
  for (Eigen::Index j = std::max<Eigen::Index>(0, i - window_); j <= std::min(n - 1, i + window_); ++j) l += at(j);
  local_.add(l);
  if (i >= 1) previous_.add(at(i - 1));
  if (i < n) current_.add(at(i));
  if (i + 1 < n) next_.add(at(i + 1));
}

HeadMetrics HeadMetricRows::result() const {
  HeadMetrics metrics;
  metrics.entropy = entropy_.value();
  metrics.entropy_normalized = entropy_normalized_.value();
  metrics.sink = sink_.value();
  metrics.sink_first = sink_first_.value();
  metrics.sink_special = sink_special_.value();
  metrics.confidence = confidence_.value();
  if (self_) {
    metrics.mean_distance = distance_.value();
    // mean D_i / mean D_i(uniform): 1 for a uniform head, below 1 for a head that stays near
    metrics.mean_distance_normalized =
        uniform_distance_.value() > 0.0 ? distance_.value() / uniform_distance_.value() : 0.0;
    metrics.local_mass = local_.value();
    metrics.previous_token = previous_.value();
    metrics.current_token = current_.value();
    // under the causal mask the next token is hidden: the score is 0 by construction
    metrics.next_token = next_.value();
  }
  return metrics;
}

}  // namespace core
