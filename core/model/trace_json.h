#pragma once
// The attention trace as JSON, in the layout of the reference cases' expected.json:
// {"encoder_self": [layer][head][query][key], "decoder_self": …, "decoder_cross": …},
// with only the kinds the architecture has.

#include <nlohmann/json.hpp>

#include "model/model_spec.h"
#include "model/trace.h"

namespace core {

nlohmann::json matrix_to_json(const Eigen::Ref<const RowMatrix>& matrix);
nlohmann::json trace_to_json(const AttentionTrace& trace, const ModelSpec& config);

}  // namespace core
