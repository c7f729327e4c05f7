#pragma once
// attnscope-cli heads --corpus FILE --per-sentence: one row per sentence × kind × layer × head as
// CSV or JSON Lines (core/analysis/head_table.h, docs/corpus-export.md), streamed.

#include <optional>
#include <ostream>
#include <string>

#include "analysis/head_analysis.h"
#include "analysis/head_table.h"
#include "analysis/reading/token_reading.h"
#include "model/transformer.h"

namespace cli {

// Writes the rows to out_path atomically (nothing appears there unless every row was written), or
// to out. Notes on skipped and cut lines, and a summary, go to standard error. Throws InputError
// when the corpus cannot be read or has no usable line. reading: --words, --hide-special,
// --hide-token (a sentence hides the tokens to hide it holds; one no sentence holds is an error).
int write_head_rows(const std::string& model_folder, const std::string& corpus_path, core::HeadTableFormat format,
                    const core::HeadMetricOptions& metric_options, const core::ForwardOptions& forward_options,
                    const std::optional<std::string>& out_path, std::ostream& out,
                    const core::ReadingOptions& reading = {});

}  // namespace cli
