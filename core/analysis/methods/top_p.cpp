#include "analysis/methods/top_p.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "tensor/errors.h"

namespace core {

std::vector<int> top_p_keys(const Eigen::Ref<const RowVector>& row, double p) {
  if (!(p > 0.0 && p <= 1.0)) throw InputError("top-p needs p in (0, 1], not " + std::to_string(p));
  if ((row.array() < 0.0f).any()) throw InputError("top-p needs non-negative weights; the row has a negative one");
  double total = 0.0;
  for (Eigen::Index j = 0; j < row.size(); ++j) total += row(j);
  if (!(total > 0.0)) return {};
  std::vector<int> order(static_cast<std::size_t>(row.size()));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return row(a) > row(b); });
  std::vector<int> kept;
  double mass = 0.0;
  for (const int j : order) {
    kept.push_back(j);
    mass += row(j);
    // stop at the shortest prefix holding p of the row's mass. The weights are float32, so the
    // sums carry rounding of about 1e-7 of the total: a slack of 1e-6 of it keeps 0.5 + 0.4 from
    // missing p = 0.9 by a rounding error (and p = 1 from keeping keys of weight 0).
    if (mass >= (p - 1e-6) * total) break;
  }
  return kept;
}

RowMatrix top_p_filter(const RowMatrix& weights, double p) {
  RowMatrix filtered = RowMatrix::Zero(weights.rows(), weights.cols());
  for (Eigen::Index i = 0; i < weights.rows(); ++i) {
    for (const int j : top_p_keys(weights.row(i), p)) filtered(i, j) = weights(i, j);
  }
  return filtered;
}

}  // namespace core
