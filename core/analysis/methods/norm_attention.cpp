#include "analysis/methods/norm_attention.h"

#include "analysis/methods/recorded_pass.h"
#include "analysis/methods/value_contributions.h"

namespace core {

NormAttention norm_attention(const Model& model, const ForwardResult& result, Precision precision,
                             const MethodOptions& options) {
  const ModelSpec& spec = model.spec();
  const ModelWeights& weights = model.weights(precision);
  const std::vector<AttentionKind> kinds = model_attention_kinds(spec);
  int total_layers = 0;
  for (const AttentionKind kind : kinds)
    total_layers += static_cast<int>(chosen_layers(options, spec.layers(kind), to_string(kind)).size());

  NormAttention norms;
  int done_layers = 0;
  for (const AttentionKind kind : kinds) {
    norms.per_head.layers(kind).resize(static_cast<std::size_t>(spec.layers(kind)));
    norms.summed.layers(kind).resize(static_cast<std::size_t>(spec.layers(kind)));
    for (const int layer : chosen_layers(options, spec.layers(kind), to_string(kind))) {
      const LayerContributions layer_values = layer_contributions(spec, weights, result.record, kind, layer);
      const std::vector<int> queries =
          chosen_queries(options, static_cast<int>(layer_values.queries()), to_string(kind), layer);
      std::vector<RowMatrix> per_head(static_cast<std::size_t>(layer_values.heads()),
                                      RowMatrix::Zero(layer_values.queries(), layer_values.keys()));
      RowMatrix summed = RowMatrix::Zero(layer_values.queries(), layer_values.keys());
      // ‖f^h(x_j)‖ for every key j, once per head
      std::vector<Eigen::VectorXd> f_norms;
      for (const RowMatrixD& f : layer_values.f) f_norms.push_back(f.rowwise().norm());

      for (std::size_t q = 0; q < queries.size(); ++q) {
        const Eigen::Index i = queries[q];
        for (int h = 0; h < layer_values.heads(); ++h) {
          const std::size_t hh = static_cast<std::size_t>(h);
          // N^h_{i,j} = α̂^h_{i,j} ‖f^h(x_j)‖
          per_head[hh].row(i) = (layer_values.alpha_hat[hh].row(i).transpose().cast<double>().cwiseProduct(f_norms[hh]))
                                    .transpose()
                                    .cast<float>();
        }
        // N_{i,j} = ‖Σ_h α̂^h_{i,j} f^h(x_j)‖ = ‖c_{i,j}‖
        summed.row(i) = layer_values.query_contributions(i).rowwise().norm().transpose().cast<float>();
        report_progress(options,
                        (done_layers + static_cast<double>(q + 1) / static_cast<double>(queries.size())) / total_layers,
                        "norm-based attention");
      }
      norms.per_head.layers(kind)[static_cast<std::size_t>(layer)].heads = std::move(per_head);
      norms.summed.layers(kind)[static_cast<std::size_t>(layer)].heads = {std::move(summed)};
      ++done_layers;
    }
  }
  return norms;
}

}  // namespace core
