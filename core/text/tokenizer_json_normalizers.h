#pragma once
// tokenizer.json's "normalizer": rewrites each stretch of text between added tokens before it is
// split, e.g. Mistral's Sequence[Prepend("▁"), Replace(" " → "▁")]: "Hello world" → "▁Hello▁world".
//   NFC NFD NFKC NFKD          Unicode normalisation forms
//   Lowercase                  per character, as Rust's char::to_lowercase ("İ" → "i̇")
//   Replace {pattern, content} every match of a {"String": …} or {"Regex": …} pattern
//   Prepend {prepend}          put in front of a non-empty text
//   Strip {strip_left, strip_right}, StripAccents (drops Mn marks; pair it with NFD)
//   BertNormalizer             clean_text, handle_chinese_chars, strip_accents, lowercase
//   Precompiled                SentencePiece's compiled character map (T5, XLM-R, ALBERT)
//   ByteLevel                  the bytes spelt in GPT-2's alphabet
//   Sequence {normalizers}     each in turn

#include <memory>
#include <string>

#include "text/json_place.h"

namespace core {

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  // text: valid UTF-8; so is the result.
  virtual std::string normalize(std::string text) const = 0;
};

// place: a normalizer object. Throws LoadError naming the key at fault.
std::unique_ptr<const Normalizer> parse_normalizer(const JsonPlace& place);

}  // namespace core
