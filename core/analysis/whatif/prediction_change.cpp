#include "analysis/whatif/prediction_change.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "tensor/errors.h"

namespace core {

std::vector<double> log_probabilities(const RowVector& logits) {
  const double largest = static_cast<double>(logits.maxCoeff());
  double sum = 0;
  for (Eigen::Index t = 0; t < logits.size(); ++t) sum += std::exp(static_cast<double>(logits(t)) - largest);
  const double log_sum = std::log(sum);
  std::vector<double> result(static_cast<std::size_t>(logits.size()));
  // log P_t = l_t − max − log Σ_u exp(l_u − max)
  for (Eigen::Index t = 0; t < logits.size(); ++t) {
    result[static_cast<std::size_t>(t)] = static_cast<double>(logits(t)) - largest - log_sum;
  }
  return result;
}

PredictionChange compare_predictions(const RowVector& logits_before, const RowVector& logits_after, int top_k) {
  if (logits_before.size() == 0 || logits_after.size() == 0) {
    throw InputError("no next-token prediction to compare: the model has no output head");
  }
  if (logits_before.size() != logits_after.size()) {
    throw InputError("cannot compare predictions over " + std::to_string(logits_before.size()) + " and " +
                     std::to_string(logits_after.size()) + " tokens: the vocabularies differ");
  }
  if (top_k < 1) throw InputError("top-k must be at least 1, not " + std::to_string(top_k));
  const std::vector<double> log_p = log_probabilities(logits_before);
  const std::vector<double> log_q = log_probabilities(logits_after);
  PredictionChange change;
  // KL(P ‖ Q) = Σ_t P_t (log P_t − log Q_t)
  for (std::size_t t = 0; t < log_p.size(); ++t) change.kl_divergence += std::exp(log_p[t]) * (log_p[t] - log_q[t]);
  change.kl_divergence = std::max(change.kl_divergence, 0.0);  // rounding can leave −1e-17 for P = Q
  change.top_before = static_cast<int>(std::max_element(log_p.begin(), log_p.end()) - log_p.begin());
  change.top_after = static_cast<int>(std::max_element(log_q.begin(), log_q.end()) - log_q.begin());

  std::vector<int> ids(log_p.size());
  std::iota(ids.begin(), ids.end(), 0);
  const auto rank = [&](int id) {
    return std::max(log_p[static_cast<std::size_t>(id)], log_q[static_cast<std::size_t>(id)]);
  };
  const std::size_t shown = std::min(ids.size(), static_cast<std::size_t>(top_k));
  std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(shown), ids.end(),
                    [&](int a, int b) { return rank(a) != rank(b) ? rank(a) > rank(b) : a < b; });
  for (std::size_t r = 0; r < shown; ++r) {
    const auto t = static_cast<std::size_t>(ids[r]);
    const double p = std::exp(log_p[t]);
    const double q = std::exp(log_q[t]);
    change.top.push_back({ids[r], p, q, q - p});
  }
  return change;
}

}  // namespace core
