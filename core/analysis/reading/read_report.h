#pragma once
// The head metrics of attention read as text (token_reading.h, docs/reading.md): the metrics of
// the read matrices, where positions count words (or kept tokens) and a special token is a sink
// only while it is shown. What `heads --words/--hide-special/--hide-token` measures, for one text
// and for every sentence of a corpus.

#include <string>
#include <vector>

#include "analysis/head_analysis.h"
#include "analysis/reading/token_reading.h"
#include "model/trace.h"
#include "text/tokenizer.h"

namespace core {

// analyze_trace over read_trace(trace, source, target, reading), the axes' labels standing for
// the tokens; analyze_trace itself when reading is the identity. Throws InputError as read_trace.
// An on-demand trace (model/trace.h) is never read as a whole: each head's α̂ is recomputed, read,
// measured and dropped, one head per thread at a time (O(T_q·T_k) per thread, not O(L·H·T_q·T_k)),
// with the same metrics as the dense path and, as analyze_trace on demand, no JS distances.
HeadReport analyze_read_trace(const AttentionTrace& trace, const Tokenization& source, const Tokenization& target,
                              const ReadingOptions& reading, const HeadMetricOptions& options = {},
                              const StopRequested& stop_requested = {});

// One reading applied to every sentence of a corpus. A token to hide need not be in every
// sentence (a sentence hides the ones it holds), but one that no sentence holds is a mistake.
class CorpusReading {
 public:
  explicit CorpusReading(ReadingOptions options);

  const ReadingOptions& options() const { return m_options; }
  // The options for one sentence: only the tokens to hide that its source or target holds.
  ReadingOptions for_sentence(const Tokenization& source, const Tokenization& target);
  // Throws InputError naming the corpus and every token to hide that no sentence held:
  // 'corpus.txt: token to hide "xyz" is in none of its sentences' ("tokens … are" for several).
  void check_tokens_found(const std::string& corpus_name) const;

 private:
  ReadingOptions m_options;
  std::vector<bool> m_found;  // per options.hide_tokens: held by some sentence so far
};

}  // namespace core
