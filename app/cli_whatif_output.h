#pragma once
// What attnscope-cli ablate and diff read and print about a comparison (core/analysis/whatif/):
// how both passes are read (--method and the reading flags), the token labels of the aligned rows
// and columns, the prediction change as a table or JSON, and the difference maps as JSON.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/whatif/comparison.h"
#include "cli_options.h"
#include "text/tokenizer.h"

namespace cli {

// --method raw|norm|value-zeroing|rollout|flow (default raw) and the reading flags of
// cli_reading.h (--words, --hide-special, --hide-token, --pair-filter, --top-p): how both passes
// are read before they are subtracted. Throws UsageError for an unknown method or a bad value.
core::ComparisonReading comparison_reading_option(const Options& options);

// How both passes were read: {"method", "words", "hide_special", "hide_tokens", "top_p" or null}.
nlohmann::json reading_json(const core::Comparison& comparison);

// One line for the table output: "read: norm-based attention, words, special tokens hidden, top-p 0.9";
// "read: raw α̂" when nothing but the raw matrices.
std::string reading_line(const core::Comparison& comparison);

// One label per matched pair of entries (tokens, or words and kept tokens when read; position
// from 0 among the entries): "3:the" when both inputs have "the" at 3; "3:cat→[MASK]" when the
// entry changed in place; "4→3:sat" when it moved; "2:a→5:b" otherwise. a and b: each pass's
// entry labels.
std::vector<std::string> aligned_labels(const core::TokenAlignment& alignment, const std::vector<std::string>& a,
                                        const std::vector<std::string>& b);

// {"kl_divergence", "top_before", "top_after", "top": [{"id", "token", "before", "after", "delta"}]}
nlohmann::json prediction_json(const core::PredictionChange& change, const core::Tokenizer& vocabulary);

// "KL(P ‖ Q) = … nats", then one line per token: rank, token, p before, p after, Δp.
void print_prediction_table(std::ostream& out, const core::PredictionChange& change, const core::Tokenizer& vocabulary,
                            const std::string& before_name, const std::string& after_name);

// The largest |D| of every layer: [{"kind", "layer", "largest", "heads": [largest per head]}]
nlohmann::json change_summary_json(const core::AttentionDifference& difference);

}  // namespace cli
