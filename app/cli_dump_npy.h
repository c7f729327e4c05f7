#pragma once
// `attnscope-cli dump --format npy --out-dir DIR`: one NumPy file per kind of attention and layer,
// each float32 [head][query][key] (core/io/npy.h), plus index.json naming what each holds.

#include <filesystem>

#include <nlohmann/json.hpp>

#include "model/model_spec.h"
#include "model/trace.h"
#include "model/trace_selection.h"

namespace cli {

// Writes DIR/<kind>_layer_<L>.npy for the selected layers and heads of every kind the model has,
// and DIR/index.json: index (the model, tokens and ids) plus "files": [{"file", "kind", "layer",
// "heads", "shape"}]. The folder appears complete or not at all (cli_files.h).
void write_npy_dump(const std::filesystem::path& folder, const core::AttentionTrace& trace, const core::ModelSpec& spec,
                    const core::TraceSelection& selection, nlohmann::json index);

}  // namespace cli
