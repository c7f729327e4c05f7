#include "analysis/head_metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace core {

namespace {

Eigen::Index visible_keys(const RowMatrix& alpha_hat, Eigen::Index query, bool causal) {
  return causal ? std::min(query + 1, alpha_hat.cols()) : alpha_hat.cols();
}

// Mean over queries that see at least two keys of Σ_j α̂_{i,j} |i − j|, each divided by the
// farthest visible distance when normalised.
double distance(const RowMatrix& alpha_hat, bool causal, bool normalised) {
  double total = 0.0;
  int rows = 0;
  for (Eigen::Index i = 0; i < alpha_hat.rows(); ++i) {
    const Eigen::Index keys = visible_keys(alpha_hat, i, causal);
    const Eigen::Index farthest = std::max(i, keys - 1 - i);
    if (keys < 2 || farthest <= 0) continue;
    double row_distance = 0.0;
    for (Eigen::Index j = 0; j < keys; ++j) row_distance += alpha_hat(i, j) * static_cast<double>(std::abs(i - j));
    total += normalised ? row_distance / static_cast<double>(farthest) : row_distance;
    ++rows;
  }
  return rows > 0 ? total / rows : 0.0;
}

}  // namespace

double attention_entropy(const RowMatrix& alpha_hat, bool causal) {
  double total = 0.0;
  int rows = 0;
  for (Eigen::Index i = 0; i < alpha_hat.rows(); ++i) {
    const Eigen::Index keys = visible_keys(alpha_hat, i, causal);
    if (keys < 2) continue;
    double entropy = 0.0;
    for (Eigen::Index j = 0; j < keys; ++j) {
      const double a = alpha_hat(i, j);
      // 0 log 0 = 0
      if (a > 0.0) entropy -= a * std::log(a);
    }
    total += entropy / std::log(static_cast<double>(keys));
    ++rows;
  }
  return rows > 0 ? total / rows : 0.0;
}

double mean_attention_distance(const RowMatrix& alpha_hat, bool causal) {
  return distance(alpha_hat, causal, false);
}

double normalized_attention_distance(const RowMatrix& alpha_hat, bool causal) {
  return distance(alpha_hat, causal, true);
}

double induction_score(const RowMatrix& alpha_hat, int repeat_length, int offset) {
  const int t = repeat_length;
  if (t < 2 || offset < 0 || alpha_hat.rows() < offset + 2 * t - 1 || alpha_hat.cols() < offset + t) {
    throw std::invalid_argument("induction_score: the attention matrix is smaller than 2T tokens after the offset");
  }
  double total = 0.0;
  // query x_{T+k} should attend to x_{k+1}, the token after the earlier x_k
  for (int k = 0; k <= t - 2; ++k) total += alpha_hat(offset + t + k, offset + k + 1);
  return total / (t - 1);
}

}  // namespace core
