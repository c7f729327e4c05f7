#pragma once
// What a corpus run of the head metrics says about its lines besides the averages
// (docs/methods.md#corpus-files): each line cut to the model's maximum length, and each line the
// model could not read with the reason, named by its line number, as the why tools and the
// per-sentence table name them.

#include <functional>
#include <span>
#include <string>

#include "analysis/head_analysis.h"

namespace core {

// note(line, text): line counts every line of the corpus from 1; text is "cut to the model's
// maximum of 64 tokens (the line has 73)" or "skipped: <the reason>".
using CorpusLineNote = std::function<void(long long line, const std::string& text)>;

// analyze_corpus (the overload that reads every line as text) telling note about every line cut
// or skipped; blank lines are skipped silently. The averages are analyze_corpus's.
HeadReport analyze_corpus_noted(const Model& model, std::span<const std::string> lines, CorpusReading& reading,
                                const CorpusLineNote& note, const HeadMetricOptions& options = {},
                                const ForwardOptions& forward_options = {}, const CorpusProgress& progress = {});

}  // namespace core
