#include "analysis/methods/streamed_rollout.h"

#include <string>
#include <utility>

#include "analysis/head_analysis.h"
#include "tensor/errors.h"

namespace core {

RowMatrix streamed_layer_graph(const AttentionTrace& trace, AttentionKind kind, int layer, bool add_residual,
                               const MethodOptions& options, double from, double to, const std::string& what) {
  const int layers = trace.layer_count(kind);
  if (layer < 0 || layer >= layers) {
    throw InputError("layer " + std::to_string(layer) + ": the " + to_string(kind) + " attention has " +
                     (layers == 0 ? std::string("no layers") : "layers 0.." + std::to_string(layers - 1)));
  }
  const int count = trace.head_count(kind, layer);
  if (count == 0) return {};
  const std::vector<int> heads = chosen_heads(options, count, to_string(kind), layer);
  // Σ_{h ∈ S} α̂_l^h, one head's α̂ alive at a time
  RowMatrix sum = RowMatrix::Zero(trace.query_count(kind, layer), trace.key_count(kind, layer));
  const int n = static_cast<int>(heads.size());
  for (int k = 0; k < n; ++k) {
    if (const RowMatrix* stored = trace.stored(kind, layer, heads[static_cast<std::size_t>(k)])) sum += *stored;
    else sum += trace.attention(kind, layer, heads[static_cast<std::size_t>(k)]);
    report_progress(options, from + (to - from) * (k + 1) / n, what);
  }
  return rollout_step(std::move(sum), n, add_residual);
}

std::vector<RowMatrix> streamed_rollout(const AttentionTrace& trace, AttentionKind kind, bool add_residual,
                                        const MethodOptions& options) {
  std::vector<RowMatrix> rollout;
  const int layers = trace.layer_count(kind);
  RowMatrix r;
  for (int l = 0; l < layers; ++l) {
    const RowMatrix a = streamed_layer_graph(trace, kind, l, add_residual, options, static_cast<double>(l) / layers,
                                             static_cast<double>(l + 1) / layers);
    if (a.size() == 0) break;
    // R_l = Â_l R_{l−1}
    if (r.size() == 0) r = a;
    else r = (a * r).eval();
    rollout.push_back(r);
  }
  return rollout;
}

}  // namespace core
