#pragma once
// The PE explorer's switches, on the model's real heads: the positional encoding switched off in
// chosen layers only (for rotary models: no rotation there; ALiBi and T5: no bias there) and, for
// rotary models, chosen frequency pairs switched off (no rotation for them in any layer). The
// self-attention of the explored stack with and without the switches, side by side.

#include <cstddef>
#include <span>
#include <vector>

#include "model/model.h"
#include "model/model_input.h"
#include "model/trace.h"

namespace core {

struct PositionSwitchDemo {
  std::vector<int> layers_off;               // 0-based layers of the explored stack
  std::vector<int> pairs_off;                // rotary pairs, 0 the fastest
  std::vector<LayerAttention> normal;        // [layer] every position term on
  std::vector<LayerAttention> switched;      // [layer] with the switches
  std::vector<float> max_difference;         // [layer] max over heads of max |switched − normal|
};

// ids: the explored side's tokens (explored_side in classroom/position_kind.h). Throws InputError
// for a layer or pair the model does not have (as forward() words it) or ids that do not fit, and
// core::MemoryBudgetError for a pass over memory_budget bytes (core::ForwardOptions; 0: no limit).
PositionSwitchDemo run_position_switch_demo(const Model& model, std::span<const int> ids, std::span<const int> layers_off,
                                            std::span<const int> pairs_off, std::size_t memory_budget = 0);

}  // namespace core
