#pragma once
// The regular expressions of tokenizer.json files (Split pre-tokenizers, Replace normalizers):
// Oniguruma syntax as HuggingFace's tokenizers compiles it, e.g. Llama 3's
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// std::regex has no \p{…} classes, no (?i:…) groups and no Unicode \s, so this wraps PCRE2 in
// UTF + UCP mode, which reads these patterns the same way.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace core {

struct ByteRange {
  std::size_t begin = 0;  // bytes into the text
  std::size_t end = 0;    // one past the last byte
};

class UnicodeRegex {
 public:
  // pattern: UTF-8. Throws std::invalid_argument with PCRE2's reason and the character offset.
  explicit UnicodeRegex(std::string_view pattern);
  // A regex matching text literally (a {"String": …} pattern).
  static UnicodeRegex literal(std::string_view text);

  // Non-overlapping matches, left to right, like Rust's find_iter: after an empty match the
  // search moves on one character, and an empty match right where the previous one ended is skipped.
  // text: valid UTF-8.
  std::vector<ByteRange> find_all(std::string_view text) const;
  // text with every match replaced by content, taken literally (no $1 references).
  std::string replace_all(std::string_view text, std::string_view content) const;

 private:
  struct Code;
  std::shared_ptr<const Code> code_;  // compiled once, shared by copies; matching only reads it
};

}  // namespace core
