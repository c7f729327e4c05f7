#pragma once
// Special tokens typed into the text ("[MASK]", "<|endoftext|>", "</s>") stay whole and take their
// own id: HuggingFace's tokenizers cut them out of the text before tokenizing the rest, so a user
// can write "Paris is the [MASK] of France." to a BERT model.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct SpecialToken {
  std::string text;
  int id = 0;
  bool lstrip = false;  // swallows the white space before it (BART's "<mask>")
  bool rstrip = false;  // swallows the white space after it
};

struct TextSegment {
  std::string_view text;                  // a view into the text that was split
  const SpecialToken* special = nullptr;  // the special token this segment is, or nullptr for plain text
};

// text: valid UTF-8. At each position the longest special token wins, scanning left to right;
// plain segments left empty (after lstrip/rstrip) are dropped.
std::vector<TextSegment> split_at_special_tokens(std::string_view text, std::span<const SpecialToken> specials);

}  // namespace core
