#pragma once
// A part of an attention trace: chosen layers and heads, in the order asked for, for exports
// that need not carry every head (attnscope-cli dump --only-layers/--only-heads, the .npy files).

#include <optional>
#include <string>
#include <vector>

#include "model/model_spec.h"
#include "model/trace.h"

namespace core {

struct TraceSelection {
  std::vector<int> layers;  // indices into each kind's layers; empty: every layer
  std::vector<int> heads;   // indices into each layer's heads; empty: every head
};

// The first layer the model lacks in some kind of attention it has, as a sentence naming it
// ("layer 5: the encoder_self attention has layers 0..1"); nullopt when every layer exists.
std::optional<std::string> layer_selection_problem(const std::vector<int>& layers, const ModelSpec& spec);
// The same for heads, in every layer ("head 9: decoder_self layer 0 has heads 0..3").
std::optional<std::string> head_selection_problem(const std::vector<int>& heads, const ModelSpec& spec);

// The layers and heads of selection, from every kind of trace; the indices must exist
// (the *_selection_problem functions give nullopt). Copies only what is kept; the result is a dense
// trace, and from an on-demand trace only the kept heads' α̂ are computed.
AttentionTrace select_trace(const AttentionTrace& trace, const TraceSelection& selection);

// The kept layer indices of a kind with `layers` layers, or the kept heads of a layer with `heads`
// heads: the selection's own list, or 0..count−1 when it is empty; nothing when count is 0.
std::vector<int> selected_indices(const std::vector<int>& chosen, int count);

}  // namespace core
