#pragma once
// The forward pass the value-based methods (norm-based attention, value zeroing) read: it records
// the values v, the weights α̂ and the output of every chosen layer of every attention kind
// (nn/recorder.h), which a plain pass does not keep.

#include <span>
#include <vector>

#include "analysis/methods/method_options.h"
#include "model/transformer.h"

namespace core {

// The attention kinds the model has, in the trace's order: encoder self, decoder self, decoder cross.
std::vector<AttentionKind> model_attention_kinds(const ModelSpec& spec);

// forward() with the chosen layers (options.layers, every layer when empty) of every kind recorded.
// Throws what forward() throws, and core::InputError for a layer the model does not have.
ForwardResult recorded_pass(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                            const ForwardOptions& forward_options, const MethodOptions& options);

}  // namespace core
