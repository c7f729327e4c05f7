#include "analysis/methods/attention_flow.h"

#include <string>

#include "analysis/head_analysis.h"
#include "analysis/methods/max_flow.h"
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

}  // namespace

std::vector<RowMatrix> attention_flow(const std::vector<LayerAttention>& layers, const MethodOptions& options,
                                      bool add_residual, const char* kind_name) {
  std::vector<RowMatrix> flow(layers.size());
  if (layers.empty()) return flow;
  const std::vector<int> chosen = chosen_layers(options, static_cast<int>(layers.size()), kind_name);
  // Â_m of every layer up to the last one asked for
  std::vector<RowMatrix> steps;
  for (int m = 0; m <= chosen.back(); ++m) {
    const LayerAttention& layer = layers[static_cast<std::size_t>(m)];
    if (layer.heads.empty() || layer.heads.front().rows() != layer.heads.front().cols()) {
      throw InputError(std::string("attention flow needs square self-attention; ") + kind_name + " layer " +
                       std::to_string(m) + " has none");
    }
    steps.push_back(rollout_layer_graph(layer, add_residual));
  }
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
      report_progress(options, done / total_work, "attention flow");
    }
    flow[static_cast<std::size_t>(l)] = std::move(f);
  }
  return flow;
}

}  // namespace core
