#pragma once
// tokenizer.json's "added_tokens": strings that are always one token ("<|endoftext|>", "<s>",
// "[MASK]"), cut out of the text before anything else sees it, as HuggingFace's AddedVocabulary does:
//   matching:  leftmost, then longest ("<|end|>" inside "<|endoftext|>" does not win)
//   lstrip / rstrip  the token also takes the white space before / after it
//   single_word      only where no letter or digit touches it on either side
//   normalized       matched in the normalised text rather than the raw text

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct AddedToken {
  std::string content;
  int id = 0;
  bool special = false;  // left out when decoding
  bool lstrip = false;
  bool rstrip = false;
  bool normalized = false;
  bool single_word = false;
};

struct AddedTokenMatch {
  std::size_t begin = 0;                 // bytes into the text, white space taken by lstrip included
  std::size_t end = 0;                   // one past the token and any white space rstrip took
  const AddedToken* token = nullptr;
};

// The matches of tokens in text (valid UTF-8), left to right, not overlapping.
std::vector<AddedTokenMatch> find_added_tokens(std::string_view text, std::span<const AddedToken* const> tokens);

}  // namespace core
