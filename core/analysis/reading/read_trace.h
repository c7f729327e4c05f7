#pragma once
// A whole attention trace read as text (token_reading.h): every head of every layer and kind with
// words merged and tokens hidden, and the labels of the axes. What `dump`, `heads` and `render`
// of the command line use for --words, --hide-special and --hide-token.
//   encoder self-attention     queries and keys: the source's
//   decoder self-attention     queries and keys: the target's
//   decoder cross-attention    queries: the target's; keys: the source's

#include <span>
#include <string>
#include <vector>

#include "analysis/reading/token_reading.h"
#include "model/trace.h"
#include "text/tokenizer.h"

namespace core {

struct ReadTrace {
  AttentionTrace trace;  // dense, the read matrices
  // Each side's axis as queries (rows) and as keys (columns): the same unless a pair filter
  // shows one text's queries and the other's keys. Empty for a side the model lacks.
  ReadingAxis source_queries;
  ReadingAxis source_keys;
  ReadingAxis target_queries;
  ReadingAxis target_keys;
};

// trace: dense or on demand (each α̂ is then recomputed once). source/target: the tokenizations
// the trace was computed on; the pair filter applies to the side holding the text pair (its
// sequence_ids). Throws core::InputError from check_hide_tokens (a token to hide that is not in
// the text) and when a pair filter is asked of input that is not a text pair.
ReadTrace read_trace(const AttentionTrace& trace, const Tokenization& source, const Tokenization& target,
                     const ReadingOptions& options);

}  // namespace core
