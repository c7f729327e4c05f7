#pragma once
// Every head's metrics for every sentence of a corpus, streamed into a HeadTableWriter one
// sentence at a time (memory for one line and one forward pass, whatever the corpus's size):
//   corpus line n → prepare_inputs → forward → analyze_trace → rows (line = n)
// A line "source<TAB>target" gives an encoder-decoder model its target, as in analyze_corpus.
// What happens to each kind of line is in docs/corpus-export.md.

#include <functional>
#include <istream>
#include <string>

#include "analysis/head_analysis.h"
#include "analysis/head_table.h"
#include "analysis/reading/token_reading.h"
#include "model/model.h"
#include "model/transformer.h"

namespace core {

struct CorpusTableSummary {
  long long lines = 0;      // lines read
  long long sentences = 0;  // lines that became rows
  long long blank = 0;      // empty or whitespace-only lines, skipped silently
  long long skipped = 0;    // lines the model could not read, or too long to read: each one noted
  long long truncated = 0;  // sentences cut to the model's maximum length: each one noted
};

// Receives one message per skipped or cut line, "<name>:<line>: …".
using CorpusNote = std::function<void(const std::string& message)>;

// Streams corpus (named corpus_name in messages) into writer. Induction scores, a property of
// the model rather than of a sentence, are computed once and repeated in each sentence's rows.
// Throws MemoryBudgetError naming the line when a pass is over forward_options.memory_budget
// (every longer line would be refused too), InputError when reading fails. reading: each
// sentence's attention read as text first (analysis/reading/read_report.h; a sentence hides the
// tokens to hide it holds); InputError at the end when a token to hide was in no sentence read.
CorpusTableSummary write_corpus_head_table(const Model& model, std::istream& corpus, const std::string& corpus_name,
                                           HeadTableWriter& writer, const HeadMetricOptions& options = {},
                                           const ForwardOptions& forward_options = {}, const CorpusNote& note = {},
                                           const ReadingOptions& reading = {});

}  // namespace core
