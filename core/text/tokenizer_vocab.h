#pragma once
// The word- and character-level tokenizers of AttentionScope's own models (docs/model-format.md),
// over a vocabulary file with one token per line (id = line number).
//   word: "Hello, 天涯!" → Hello , 天 涯 !   split at white space and punctuation; each punctuation
//                                         mark and each CJK character is a token of its own
//   char: "Hi 天涯"      → H i 天 涯        every code point except white space
// A source tokenizer appends </s>; a target tokenizer puts <s> first and appends nothing, so a
// target fed verbatim is exactly what training feeds the decoder. Text without an entry → <unk>.

#include <string>
#include <vector>

#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace core {

enum class NativeTokenizerKind { Word, Char };
enum class TokenizerRole { Source, Target };

class NativeTokenizer : public Tokenizer {
 public:
  // vocabulary must hold <pad>, <unk>, <s> and </s>; otherwise throws std::invalid_argument naming
  // the first one missing. lowercase maps the text to lower case before lookup.
  NativeTokenizer(Vocabulary vocabulary, NativeTokenizerKind kind, bool lowercase, TokenizerRole role);

  using Tokenizer::encode;
  Tokenization encode(std::string_view text, bool add_special_tokens) const override;
  std::string token(int id) const override;
  int vocab_size() const override;
  // Word tokens joined by spaces, except between two CJK characters ("天涯若比鄰" stays one run);
  // char tokens joined directly. <s>, </s> and <pad> are left out.
  std::string decode(std::span<const int> ids) const override;
  int trailing_special_tokens() const override;

 private:
  std::vector<std::u32string> split(std::u32string_view text) const;

  Vocabulary vocabulary_;
  NativeTokenizerKind kind_;
  bool lowercase_;
  TokenizerRole role_;
  int pad_id_ = 0;
  int unk_id_ = 0;
  int bos_id_ = 0;
  int eos_id_ = 0;
};

}  // namespace core
