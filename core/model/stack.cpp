#include "model/stack.h"

#include <algorithm>
#include <utility>

#include "nn/block.h"
#include "nn/embedding.h"
#include "nn/norm.h"

namespace core {

StackResult run_stack(std::span<const int> ids, const Eigen::Ref<const RowMatrix>& memory, const StackWeights& weights,
                      const StackSpec& spec, const StackRun& run) {
  StackResult result;
  RowMatrix x = embed(ids, weights.embedding, spec.embedding, run.positional_encoding, run.first_position, run.token_types);
  if (run.caches != nullptr) run.caches->resize(spec.blocks.size());
  if (run.recorder != nullptr && run.recorder->wants(run.kind, 0)) run.recorder->record(run.kind, 0, "embedding", x);
  const bool cross = memory.rows() > 0;
  result.self_attention.reserve(spec.blocks.size());
  for (int l = 0; l < spec.layers(); ++l) {
    const std::vector<int> self_zeroed = heads_in_layer(run.ablated_heads, run.kind, l);
    const std::vector<int> cross_zeroed = heads_in_layer(run.ablated_heads, AttentionKind::DecoderCross, l);
    LayerCache* cache = run.caches != nullptr ? &(*run.caches)[static_cast<std::size_t>(l)] : nullptr;
    // the position term of this layer: on unless switched off for the pass or for this layer
    const bool layer_positions = run.positional_encoding && std::find(run.positions_off_in.begin(),
                                                                      run.positions_off_in.end(), l) ==
                                                                run.positions_off_in.end();
    const BlockCall call{run.kind,
                         l,
                         layer_positions,
                         self_zeroed,
                         cross_zeroed,
                         run.recorder,
                         run.keep_score_inputs,
                         run.first_position,
                         cache != nullptr ? &cache->self : nullptr,
                         cache != nullptr ? &cache->cross : nullptr,
                         run.rotary_pairs_off};
    BlockResult block = transformer_block(x, memory, weights.blocks[l], spec.blocks[l], call);
    x = std::move(block.output);
    if (run.after_layer) run.after_layer(l);
    if (run.keep_score_inputs) {
      result.self_score_inputs.push_back(std::move(block.self_score_inputs));
      if (cross) result.cross_score_inputs.push_back(std::move(block.cross_score_inputs));
      continue;
    }
    result.self_attention.push_back({std::move(block.self_alpha_hat)});
    if (cross) result.cross_attention.push_back({std::move(block.cross_alpha_hat)});
  }
  if (spec.final_norm) normalize_in_place(x, weights.final_norm, spec.final_norm_spec);
  result.output = std::move(x);
  return result;
}

}  // namespace core
