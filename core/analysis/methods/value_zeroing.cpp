#include "analysis/methods/value_zeroing.h"

#include <algorithm>

#include "analysis/methods/recorded_pass.h"
#include "analysis/methods/value_contributions.h"

namespace core {

namespace {

// One row of VZ: query i's cosine distances, normalised to sum 1.
Eigen::RowVectorXd value_zeroing_row(const LayerContributions& layer_values, Eigen::Index i) {
  const RowMatrixD c = layer_values.query_contributions(i);
  // b^i = Σ_j c_{i,j} + b^O
  const RowVectorD b = c.colwise().sum() + layer_values.output_bias;
  Eigen::RowVectorXd distance(c.rows());
  const double b_length = b.norm();
  for (Eigen::Index j = 0; j < c.rows(); ++j) {
    // a key that sends nothing (masked, or α̂ = 0 in every head) changes nothing: exactly 0
    if (c.row(j).cwiseAbs().maxCoeff() == 0.0) {
      distance(j) = 0.0;
      continue;
    }
    // b^{i,¬j} = b^i − c_{i,j}
    const RowVectorD b_without_j = b - c.row(j);
    const double without_length = b_without_j.norm();
    // b^{i,¬j} = 0 (key j sent all of b^i, no b^O): the output is gone, cos taken as 0, d = 1.
    // "Zero" is relative: the subtraction leaves rounding noise of about 1e-16 · ‖b^i‖.
    if (without_length <= 1e-12 * b_length) {
      distance(j) = 1.0;
      continue;
    }
    // d_{i,j} = 1 − cos(b^i, b^{i,¬j}), at least 0 (rounding can push cos a hair above 1)
    distance(j) = std::max(0.0, 1.0 - b.dot(b_without_j) / (b_length * without_length));
  }
  // VZ_{i,j} = d_{i,j} / Σ_j' d_{i,j'}
  const double total = distance.sum();
  if (total > 0.0) distance /= total;
  return distance;
}

}  // namespace

AttentionTrace value_zeroing(const Model& model, const ForwardResult& result, Precision precision,
                             const MethodOptions& options) {
  const ModelSpec& spec = model.spec();
  const ModelWeights& weights = model.weights(precision);
  const std::vector<AttentionKind> kinds = model_attention_kinds(spec);
  int total_layers = 0;
  for (const AttentionKind kind : kinds)
    total_layers += static_cast<int>(chosen_layers(options, spec.layers(kind), to_string(kind)).size());

  AttentionTrace zeroing;
  int done_layers = 0;
  for (const AttentionKind kind : kinds) {
    zeroing.layers(kind).resize(static_cast<std::size_t>(spec.layers(kind)));
    for (const int layer : chosen_layers(options, spec.layers(kind), to_string(kind))) {
      const std::vector<int> queries =
          chosen_queries(options, result.trace.query_count(kind, layer), to_string(kind), layer);
      // α̂ of the chosen queries only (row q of each head = query queries[q]), from the trace
      const LayerContributions layer_values =
          layer_contributions(spec, weights, result.record, result.trace, kind, layer, queries);
      RowMatrix scores = RowMatrix::Zero(result.trace.query_count(kind, layer), layer_values.keys());
      for (std::size_t q = 0; q < queries.size(); ++q) {
        scores.row(queries[q]) = value_zeroing_row(layer_values, static_cast<Eigen::Index>(q)).cast<float>();
        report_progress(options,
                        (done_layers + static_cast<double>(q + 1) / static_cast<double>(queries.size())) / total_layers,
                        "value zeroing");
      }
      zeroing.layers(kind)[static_cast<std::size_t>(layer)].heads = {std::move(scores)};
      ++done_layers;
    }
  }
  return zeroing;
}

}  // namespace core
