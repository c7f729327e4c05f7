#pragma once
// A running mean that tolerates a metric some inputs lack: the per-head metrics average it over
// the query rows that have it (analysis/head_metric_rows.h), and over the sentences of a corpus
// (analysis/head_analysis.cpp).

#include <optional>

namespace core {

struct RunningMean {
  double sum = 0.0;
  int count = 0;

  void add(double value) {
    sum += value;
    ++count;
  }
  // 0 when nothing was added.
  double value() const { return count > 0 ? sum / count : 0.0; }
  // Nothing when nothing was added.
  std::optional<double> optional() const { return count > 0 ? std::optional<double>(value()) : std::nullopt; }
};

}  // namespace core
