#include "analysis/methods/attention_flow.h"

#include <string>
#include <utility>

#include "analysis/head_analysis.h"
#include "analysis/methods/max_flow.h"
#include "analysis/methods/streamed_rollout.h"
#include "tensor/errors.h"

namespace core {

namespace {

// The graph of layers 0 … last: node m · T + p is position p after m layers.
FlowNetwork layer_graph(const std::vector<RowMatrix>& steps, int last, Eigen::Index t) {
  FlowNetwork network(static_cast<int>((last + 2) * t));
  for (int m = 0; m <= last; ++m) {
    const RowMatrix& a = steps[static_cast<std::size_t>(m)];
    for (Eigen::Index i = 0; i < t; ++i) {
      for (Eigen::Index j = 0; j < t; ++j) {
        // (m, j) → (m + 1, i), capacity Â_m(i, j)
        network.add_edge(static_cast<int>(m * t + j), static_cast<int>((m + 1) * t + i), a(i, j));
      }
    }
  }
  return network;
}

// F_l of the chosen layers from the layer graphs Â_0 … Â_{last chosen}; progress from `from` to 1.
std::vector<RowMatrix> flow_from_steps(const std::vector<RowMatrix>& steps, std::size_t layer_count,
                                       const std::vector<int>& chosen, const MethodOptions& options,
                                       const char* kind_name, double from) {
  std::vector<RowMatrix> flow(layer_count);
  const Eigen::Index t = steps.front().rows();
  const std::vector<int> queries = chosen_queries(options, static_cast<int>(t), kind_name, chosen.front());
  const double total_work = static_cast<double>(chosen.size() * queries.size());
  double done = 0.0;
  for (const int l : chosen) {
    FlowNetwork network = layer_graph(steps, l, t);
    RowMatrix f = RowMatrix::Zero(t, t);
    for (const int i : queries) {
      for (Eigen::Index j = 0; j < t; ++j) {
        // F_l(i, j) = max-flow from (0, j) to (l + 1, i)
        f(i, j) = static_cast<float>(network.max_flow(static_cast<int>(j), static_cast<int>((l + 1) * t + i)));
      }
      done += 1.0;
      report_progress(options, from + (1.0 - from) * done / total_work, "attention flow");
    }
    flow[static_cast<std::size_t>(l)] = std::move(f);
  }
  return flow;
}

[[noreturn]] void throw_not_square(const char* kind_name, int layer) {
  throw InputError(std::string("attention flow needs square self-attention; ") + kind_name + " layer " +
                   std::to_string(layer) + " has none");
}

}  // namespace

std::vector<RowMatrix> attention_flow(const std::vector<LayerAttention>& layers, const MethodOptions& options,
                                      bool add_residual, const char* kind_name) {
  if (layers.empty()) return {};
  const std::vector<int> chosen = chosen_layers(options, static_cast<int>(layers.size()), kind_name);
  // Â_m of every layer up to the last one asked for
  std::vector<RowMatrix> steps;
  for (int m = 0; m <= chosen.back(); ++m) {
    const LayerAttention& layer = layers[static_cast<std::size_t>(m)];
    if (layer.heads.empty() || layer.heads.front().rows() != layer.heads.front().cols()) throw_not_square(kind_name, m);
    if (options.heads.empty()) {
      steps.push_back(rollout_layer_graph(layer, add_residual));
      continue;
    }
    // Σ_{h ∈ S} α̂_m^h over the chosen heads, then the same step
    const std::vector<int> heads = chosen_heads(options, static_cast<int>(layer.heads.size()), kind_name, m);
    RowMatrix sum = RowMatrix::Zero(layer.heads.front().rows(), layer.heads.front().cols());
    for (const int h : heads) sum += layer.heads[static_cast<std::size_t>(h)];
    steps.push_back(rollout_step(std::move(sum), static_cast<int>(heads.size()), add_residual));
  }
  return flow_from_steps(steps, layers.size(), chosen, options, kind_name, 0.0);
}

std::vector<RowMatrix> attention_flow(const AttentionTrace& trace, AttentionKind kind, const MethodOptions& options,
                                      bool add_residual) {
  const int layers = trace.layer_count(kind);
  if (layers == 0) return {};
  const char* kind_name = to_string(kind);
  const std::vector<int> chosen = chosen_layers(options, layers, kind_name);
  // Â_m of every layer up to the last one asked for, each streamed over its heads
  constexpr double graph_share = 0.1;
  std::vector<RowMatrix> steps;
  const int last = chosen.back();
  for (int m = 0; m <= last; ++m) {
    if (trace.head_count(kind, m) == 0 || trace.query_count(kind, m) != trace.key_count(kind, m)) {
      throw_not_square(kind_name, m);
    }
    steps.push_back(streamed_layer_graph(trace, kind, m, add_residual, options, graph_share * m / (last + 1),
                                         graph_share * (m + 1) / (last + 1), "attention flow"));
  }
  return flow_from_steps(steps, static_cast<std::size_t>(layers), chosen, options, kind_name, graph_share);
}

}  // namespace core
