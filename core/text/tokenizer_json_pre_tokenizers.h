#pragma once
// tokenizer.json's "pre_tokenizer": cuts normalised text into pieces ("words") that the model then
// tokenizes one at a time; no token ever spans two pieces.
//   ByteLevel {add_prefix_space, use_regex}   GPT-2's pattern, then each byte spelt in its alphabet
//   Split {pattern, behavior, invert}         a regex or string; behavior says where matches go
//   Metaspace {replacement, prepend_scheme, split}  " " → "▁", "▁" put first, cut before each "▁"
//   Digits {individual_digits}, Whitespace, WhitespaceSplit, BertPreTokenizer, Punctuation,
//   CharDelimiterSplit, Sequence {pretokenizers}
// Behaviors, for "a-b-" split at "-":  Removed a|b   Isolated a|-|b|-   MergedWithPrevious a-|b-
//   MergedWithNext a|-b|-   Contiguous (runs of matches kept together) a|-|b|-

#include <memory>
#include <string>
#include <vector>

#include "text/json_place.h"

namespace core {

struct PreToken {
  std::string text;       // valid UTF-8
  bool at_start = false;  // begins where the whole input begins (Metaspace's prepend_scheme "first")
};

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  // Replaces each piece by the pieces it splits into; empty pieces are dropped.
  virtual void pre_tokenize(std::vector<PreToken>& pieces) const = 0;
};

// place: a pre_tokenizer object. Throws LoadError naming the key at fault.
std::unique_ptr<const PreTokenizer> parse_pre_tokenizer(const JsonPlace& place);

}  // namespace core
