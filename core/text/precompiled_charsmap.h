#pragma once
// SentencePiece's compiled normalisation rules ("precompiled_charsmap", e.g. nmt_nfkc: NFKC plus
// "control characters dropped, odd spaces → ' '"), which tokenizer.json files converted from a
// SentencePiece model carry as the Precompiled normalizer (T5, XLM-R, ALBERT).
//   blob:  u32 n (little-endian), then n bytes of a darts-clone double-array trie over the source
//          strings, then the NUL-terminated replacements the trie's values point into
//   apply: per grapheme cluster (shorter than 6 bytes) the replacement of its shortest listed
//          prefix, else per character; text with no entry is kept, as HuggingFace's
//          spm_precompiled does

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

class PrecompiledCharsmap {
 public:
  // blob: the decoded bytes. Throws std::invalid_argument when the framing does not add up.
  explicit PrecompiledCharsmap(std::string_view blob);

  // text: valid UTF-8.
  std::string normalize(std::string_view text) const;

 private:
  // The replacement for the shortest prefix of chunk in the trie, if any.
  std::optional<std::string_view> transform(std::string_view chunk) const;

  std::vector<std::uint32_t> units_;  // the double array
  std::string replacements_;          // NUL-separated replacement strings
};

// Standard base64 (with or without padding) → bytes; throws std::invalid_argument on a bad character.
std::string decode_base64(std::string_view text);

}  // namespace core
