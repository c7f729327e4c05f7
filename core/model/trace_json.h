#pragma once
// The attention trace as JSON, in the layout of the reference cases' expected.json:
// {"encoder_self": [layer][head][query][key], "decoder_self": …, "decoder_cross": …},
// with only the kinds the architecture has.

#include <ostream>

#include <nlohmann/json.hpp>

#include "model/model_spec.h"
#include "model/trace.h"
#include "model/trace_selection.h"

namespace core {

nlohmann::json matrix_to_json(const Eigen::Ref<const RowMatrix>& matrix);
nlohmann::json trace_to_json(const AttentionTrace& trace, const ModelSpec& config);

// The same JSON as trace_to_json(select_trace(trace, selection), config), written to out one head
// at a time: an on-demand trace holds one α̂ (and its text) at once, not the whole trace.
void write_trace_json(std::ostream& out, const AttentionTrace& trace, const ModelSpec& config,
                      const TraceSelection& selection);

}  // namespace core
