#pragma once
// Two checkpoints can be compared head by head only when they have the same architecture: the
// same kinds of attention, layers, heads, head size, model width and vocabularies (base vs
// fine-tuned, two steps of one training run). Their weights may differ; their shapes may not.

#include <string_view>

#include "model/model_spec.h"

namespace core {

// Throws core::InputError naming the first thing that differs and both values, with the two
// checkpoints' names: "cannot compare checkpoints A and B: decoder layers differ: 2 in A, 3 in B".
void check_same_architecture(const ModelSpec& a, const ModelSpec& b, std::string_view a_name, std::string_view b_name);

}  // namespace core
