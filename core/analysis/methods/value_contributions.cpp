#include "analysis/methods/value_contributions.h"

#include <string>
#include <utility>

#include "tensor/errors.h"

namespace core {

namespace {

const AttentionWeights& attention_weights(const ModelWeights& weights, AttentionKind kind, int layer) {
  switch (kind) {
    case AttentionKind::EncoderSelf: return weights.encoder.blocks.at(static_cast<std::size_t>(layer)).self_attention;
    case AttentionKind::DecoderSelf: return weights.decoder.blocks.at(static_cast<std::size_t>(layer)).self_attention;
    case AttentionKind::DecoderCross: return weights.decoder.blocks.at(static_cast<std::size_t>(layer)).cross_attention;
  }
  return weights.encoder.blocks.at(static_cast<std::size_t>(layer)).self_attention;
}

}  // namespace

RowMatrixD LayerContributions::query_contributions(Eigen::Index i) const {
  RowMatrixD c = RowMatrixD::Zero(keys(), output_bias.size());
  for (int h = 0; h < heads(); ++h) {
    // c_{i,j} += α̂^h_{i,j} f^h(x_j), for every key j at once
    const Eigen::VectorXd weights = alpha_hat[static_cast<std::size_t>(h)].row(i).transpose().cast<double>();
    c.noalias() += weights.asDiagonal() * f[static_cast<std::size_t>(h)];
  }
  return c;
}

namespace {

[[noreturn]] void throw_not_recorded(AttentionKind kind, int layer) {
  throw InputError(std::string("the pass did not record ") + to_string(kind) + " layer " + std::to_string(layer) +
                   "'s values and attention weights");
}

// f^h(x_j) for every query head and b^O, from the layer's recorded v.
void add_values(LayerContributions& result, const ModelSpec& spec, const ModelWeights& weights, const RowMatrix& v,
                AttentionKind kind, int layer) {
  const AttentionSpec& attention = spec.attention(kind, layer);
  const AttentionWeights& w = attention_weights(weights, kind, layer);
  const Eigen::Index d_k = attention.head_dim;
  // W^O: [d_model, heads · d_k], widened to float64 once
  const RowMatrixD w_o = w.w_o.weight.to_f32().cast<double>();
  result.output_bias = w.w_o.bias.empty() ? RowVectorD::Zero(w_o.rows()) : RowVectorD(w.w_o.bias.view().cast<double>());
  for (int h = 0; h < attention.heads; ++h) {
    const Eigen::Index g = attention.kv_head_of(h);
    // f^h(x_j) = v^{j,g} W^O_hᵀ: (T_k, d_k) (d_k, d_model)
    const RowMatrixD v_g = v.middleCols(g * d_k, d_k).cast<double>();
    RowMatrixD f = v_g * w_o.middleCols(h * d_k, d_k).transpose();
    result.f.push_back(std::move(f));
  }
}

}  // namespace

LayerContributions layer_contributions(const ModelSpec& spec, const ModelWeights& weights, const Recorder& record,
                                       AttentionKind kind, int layer) {
  const std::vector<RowMatrix>* alpha_hat = record.find_heads(kind, layer, "alpha_hat");
  const RowMatrix* v = record.find(kind, layer, "v");
  if (alpha_hat == nullptr || v == nullptr) throw_not_recorded(kind, layer);
  LayerContributions result;
  result.alpha_hat = *alpha_hat;
  add_values(result, spec, weights, *v, kind, layer);
  return result;
}

LayerContributions layer_contributions(const ModelSpec& spec, const ModelWeights& weights, const Recorder& record,
                                       const AttentionTrace& trace, AttentionKind kind, int layer,
                                       std::span<const int> queries) {
  const RowMatrix* v = record.find(kind, layer, "v");
  if (v == nullptr) throw_not_recorded(kind, layer);
  LayerContributions result;
  // one head's rows at a time: on demand, each head's blocks holding the queries are recomputed
  for (int h = 0; h < spec.attention(kind, layer).heads; ++h) {
    result.alpha_hat.push_back(trace.attention_rows(kind, layer, h, queries));
  }
  add_values(result, spec, weights, *v, kind, layer);
  return result;
}

}  // namespace core
