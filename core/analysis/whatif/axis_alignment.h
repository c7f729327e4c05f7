#pragma once
// The axes of two compared passes as the views read them (docs/reading.md: words merged, tokens
// hidden, a text pair's filter), and which entry of one is "the same" as which of the other.
// Entries are matched through the token alignment (token_alignment.h): the pairs (i, j) it makes
// link entry g of A (the word or kept token holding i) with entry h of B (the one holding j).
//   g and h are matched  ⇔  some pair links them, every pair from g goes to h and every pair to h
//                           comes from g
// So a word keeps its partner when a piece of it is masked, replaced one for one or deleted, and a
// word the edit split or joined (linked to two entries) has none, like an unmatched token. With
// every token as it is, each entry is one token and the entries' alignment is the tokens'.

#include "analysis/reading/token_reading.h"
#include "analysis/whatif/attention_difference.h"
#include "text/tokenizer.h"

namespace core {

// One pass's axes: each side's entries as queries (rows) and as keys (columns), the same unless a
// pair filter shows one text's queries and the other's keys. Empty for a side the model lacks.
struct PassAxes {
  ReadingAxis source_queries;
  ReadingAxis source_keys;
  ReadingAxis target_queries;
  ReadingAxis target_keys;
};

// The axes of one pass read with options. A token to hide that the pass lacks hides nothing, and
// the pair filter applies only to a side that is a text pair (its sequence_ids), as in the views.
PassAxes pass_axes(const Tokenization& source, const Tokenization& target, const ReadingOptions& options);

// The entries of before and after matched by the rule above, increasing in both.
TokenAlignment align_axes(const TokenAlignment& tokens, const ReadingAxis& before, const ReadingAxis& after);

// Every axis of two passes matched: source tokens by source, target tokens by target.
AxisAlignment align_pass_axes(const TokenAlignment& source, const TokenAlignment& target, const PassAxes& before,
                              const PassAxes& after);

}  // namespace core
