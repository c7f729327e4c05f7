#pragma once
// `attnscope-cli dump --format npy --out-dir DIR`: one NumPy file per kind of attention and layer,
// each float32 [head][query][key] (core/io/npy.h), plus index.json naming what each holds.

#include <filesystem>

#include <nlohmann/json.hpp>

#include "model/model_spec.h"
#include "model/trace.h"
#include "model/trace_selection.h"

namespace cli {

// Writes DIR/<kind>_layer_<L>.npy for the selected layers and heads of every kind the trace has
// (a method without cross-attention matrices, such as rollout, has no decoder_cross files),
// and DIR/index.json: index (the model, tokens and ids) plus "files": [{"file", "kind", "layer",
// "heads", "shape"}]. summed (norm-based attention's heads summed, one matrix per layer), when
// given, adds DIR/<kind>_layer_<L>_summed.npy files with "summed_over_heads": true.
// The folder appears complete or not at all (cli_files.h).
void write_npy_dump(const std::filesystem::path& folder, const core::AttentionTrace& trace, const core::ModelSpec& spec,
                    const core::TraceSelection& selection, nlohmann::json index,
                    const core::AttentionTrace* summed = nullptr);

}  // namespace cli
