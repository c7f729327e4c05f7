#include "classroom/position_switch_demo.h"

#include <algorithm>

#include "classroom/position_kind.h"
#include "model/transformer.h"

namespace core {

namespace {

std::vector<LayerAttention> self_attention(const Model& model, std::span<const int> ids, const ForwardOptions& options) {
  const std::vector<int> none;
  if (explored_side(model) == InputSide::Target) return forward(model, none, ids, options).trace.decoder_self;
  // an encoder-decoder model's decoder needs an input too: the same ids (only the encoder is shown)
  const bool decoder = model.spec().has_decoder();
  ForwardResult result = forward(model, ids, decoder ? ids : none, options);
  return std::move(result.trace.encoder_self);
}

}  // namespace

PositionSwitchDemo run_position_switch_demo(const Model& model, std::span<const int> ids, std::span<const int> layers_off,
                                            std::span<const int> pairs_off, std::size_t memory_budget) {
  const AttentionKind kind = self_attention_kind(explored_side(model));
  ForwardOptions switched;
  switched.attention = AttentionStorage::Dense;
  switched.memory_budget = memory_budget;
  for (const int layer : layers_off) switched.positions_off.push_back({kind, layer});
  switched.rotary_pairs_off.assign(pairs_off.begin(), pairs_off.end());
  ForwardOptions normal;
  normal.attention = AttentionStorage::Dense;
  normal.memory_budget = memory_budget;

  PositionSwitchDemo demo;
  demo.layers_off.assign(layers_off.begin(), layers_off.end());
  demo.pairs_off.assign(pairs_off.begin(), pairs_off.end());
  demo.switched = self_attention(model, ids, switched);  // first: a bad layer or pair is reported before any work
  demo.normal = self_attention(model, ids, normal);
  for (std::size_t l = 0; l < demo.normal.size(); ++l) {
    float largest = 0.0f;
    for (std::size_t h = 0; h < demo.normal[l].heads.size(); ++h) {
      // max |α̂_switched − α̂|
      largest = std::max(largest, (demo.switched[l].heads[h] - demo.normal[l].heads[h]).cwiseAbs().maxCoeff());
    }
    demo.max_difference.push_back(largest);
  }
  return demo;
}

}  // namespace core
