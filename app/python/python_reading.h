#pragma once
// The reading options of Trace.attention and Trace.query_tokens/key_tokens, given as Python
// keywords and read the way attnscope-cli reads --words, --hide-special, --hide-token and
// --pair-filter (docs/reading.md):
//   words=True           sub-word pieces merged into words (keys summed, queries averaged)
//   hide_special=True    the special tokens hidden, each row rescaled to keep its total
//   hide_token="the"     every occurrence of a token hidden (a str, or a list of them)
//   pair_filter="AB"     with a text pair: text A's queries and text B's keys (AA, AB, BA, BB)

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analysis/reading/token_reading.h"

namespace attnscope_python {

using HideTokens = std::variant<std::string, std::vector<std::string>>;

struct ReadingArguments {
  bool words = false;
  bool hide_special = false;
  std::optional<HideTokens> hide_token;
  std::optional<std::string> pair_filter;
};

// Throws core::InputError for an empty token to hide or a pair filter other than AA, AB, BA, BB.
core::ReadingOptions reading_options(const ReadingArguments& arguments);

// The pair filter as pair_filter spells it ("AB": text A's queries, text B's keys; "·B" when only
// the keys' text is set), "" without one: what attnscope-cli's "read" reports.
std::string pair_filter_name(const core::ReadingOptions& reading);

}  // namespace attnscope_python
