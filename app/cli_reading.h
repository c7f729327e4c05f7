#pragma once
// The reading flags of dump, heads and render (docs/reading.md, docs/cli.md):
//   --words             sub-word pieces merged into words (keys summed, queries averaged)
//   --hide-special      the special tokens hidden, rows rescaled to keep their totals
//   --hide-token T      every occurrence of token T hidden (its vocabulary entry or readable form)
//   --pair-filter XY    with --text-pair: only text X's queries and text Y's keys (AA, AB, BA, BB)
//   --top-p P           per query only the smallest set of keys holding a share P of the row
//                       (dump: the other entries written as 0; render --view graph: the lines kept)

#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/reading/read_trace.h"
#include "cli_options.h"

namespace cli {

core::ReadingOptions reading_option(const Options& options);
// --top-p P in (0, 1]; nothing without the flag. Throws UsageError for any other value.
std::optional<double> top_p_option(const Options& options);

// "reading": {"words", "hide_special", "hide_tokens", "query_text", "key_text", "rule"} and, per
// side the model has, its shown entries as queries and as keys: "<side>_query_labels",
// "<side>_query_groups" (the token positions each stands for), "<side>_key_labels", "<side>_key_groups".
void add_reading_json(nlohmann::json& dump, const core::ReadingOptions& reading, const core::ReadTrace& read,
                      bool source, bool target);

// Every matrix of the trace with only its rows' top-p keys kept (core::top_p_filter).
void keep_top_p(core::AttentionTrace& trace, double p);

}  // namespace cli
