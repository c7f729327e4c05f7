#include "nn/position_bias.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace core {

int relative_position_bucket(int relative_position, const RelativeBiasSpec& spec) {
  int buckets = spec.buckets;
  int bucket = 0;
  int distance = 0;
  if (spec.bidirectional) {
    buckets /= 2;
    if (relative_position > 0) bucket += buckets;
    distance = std::abs(relative_position);
  } else {
    // a decoder only looks back: future keys share bucket 0 (they are masked anyway)
    distance = std::max(-relative_position, 0);
  }
  const int max_exact = buckets / 2;
  if (distance < max_exact) return bucket + distance;
  // log-spaced buckets from max_exact to max_distance, in float32 as HF computes them
  const float log_ratio = std::log(static_cast<float>(distance) / static_cast<float>(max_exact)) /
                          std::log(static_cast<float>(spec.max_distance) / static_cast<float>(max_exact));
  const int large = max_exact + static_cast<int>(log_ratio * static_cast<float>(buckets - max_exact));
  return bucket + std::min(large, buckets - 1);
}

RowMatrix relative_bias(const RelativeBiasSpec& spec, const WeightMatrix& table, int head, int first_query,
                        int queries, int keys) {
  const MatrixView values = table.view();
  RowMatrix bias(queries, keys);
  for (int i = 0; i < queries; ++i) {
    for (int j = 0; j < keys; ++j) bias(i, j) = values(relative_position_bucket(j - (first_query + i), spec), head);
  }
  return bias;
}

std::vector<float> alibi_slopes(int heads) {
  // 2^⌊log2 n⌋ heads get the power-of-two sequence; the rest take every other slope of the next power.
  int closest = 1;
  while (closest * 2 <= heads) closest *= 2;
  const double base = std::pow(2.0, -std::pow(2.0, -(std::log2(closest) - 3.0)));
  std::vector<float> slopes;
  for (int i = 1; i <= closest; ++i) slopes.push_back(static_cast<float>(std::pow(base, i)));
  if (closest != heads) {
    const double extra_base = std::pow(2.0, -std::pow(2.0, -(std::log2(2 * closest) - 3.0)));
    const int remaining = std::min(closest, heads - closest);
    for (int i = 0; i < remaining; ++i) slopes.push_back(static_cast<float>(std::pow(extra_base, 1 + 2 * i)));
  }
  return slopes;
}

}  // namespace core
