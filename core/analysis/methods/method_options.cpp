#include "analysis/methods/method_options.h"

#include <algorithm>
#include <numeric>

#include "tensor/errors.h"

namespace core {

void report_progress(const MethodOptions& options, double fraction, const std::string& what) {
  if (options.progress && !options.progress(std::clamp(fraction, 0.0, 1.0))) throw Cancelled(what + " cancelled");
}

namespace {

// chosen (sorted, without repeats), or 0..count−1 when chosen is empty.
std::vector<int> sorted_or_all(std::vector<int> chosen, int count) {
  if (chosen.empty()) {
    chosen.resize(static_cast<std::size_t>(count));
    std::iota(chosen.begin(), chosen.end(), 0);
    return chosen;
  }
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  return chosen;
}

}  // namespace

std::vector<int> chosen_layers(const MethodOptions& options, int count, const char* kind_name) {
  for (const int layer : options.layers) {
    if (layer < 0 || layer >= count) {
      throw InputError("layer " + std::to_string(layer) + ": the " + kind_name + " attention has layers 0.." +
                       std::to_string(count - 1));
    }
  }
  return sorted_or_all(options.layers, count);
}

std::vector<int> chosen_queries(const MethodOptions& options, int rows, const char* kind_name, int layer) {
  for (const int query : options.queries) {
    if (query < 0 || query >= rows) {
      throw InputError("query " + std::to_string(query) + ": " + kind_name + " layer " + std::to_string(layer) +
                       " has queries 0.." + std::to_string(rows - 1));
    }
  }
  return sorted_or_all(options.queries, rows);
}

std::vector<int> sampled_queries(int rows, int count) {
  std::vector<int> queries;
  if (rows <= count || count < 2) {
    for (int i = 0; i < rows; ++i) queries.push_back(i);
    return queries;
  }
  for (int k = 0; k < count; ++k) {
    // i_k = ⌊k (rows − 1) / (count − 1) + ½⌋
    queries.push_back(static_cast<int>((static_cast<long long>(k) * (rows - 1) * 2 + (count - 1)) / (2 * (count - 1))));
  }
  return queries;
}

std::vector<int> chosen_heads(const MethodOptions& options, int count, const char* kind_name, int layer) {
  for (const int head : options.heads) {
    if (head < 0 || head >= count) {
      throw InputError("head " + std::to_string(head) + ": " + kind_name + " layer " + std::to_string(layer) +
                       " has heads 0.." + std::to_string(count - 1));
    }
  }
  return sorted_or_all(options.heads, count);
}

}  // namespace core
