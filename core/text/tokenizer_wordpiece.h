#pragma once
// BERT's tokenizer, as HuggingFace's BertTokenizer computes it.
//   basic:     clean (drop control characters and U+FFFD, white space → " "), put spaces around
//              CJK characters, NFC, split at white space, lower-case and strip accents, split
//              off every punctuation mark:   "Café, 天涯!" → cafe , 天 涯 !
//   wordpiece: per word, greedy longest match first; pieces after the first carry "##":
//              "unaffable" → un ##aff ##able. A word with any unmatched rest, or longer than
//              100 characters, becomes one [UNK].
//   framing:   [CLS] … [SEP]

#include <optional>
#include <string>
#include <vector>

#include "text/special_tokens.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace core {

struct WordPieceOptions {
  bool lowercase = true;              // do_lower_case
  std::optional<bool> strip_accents;  // unset: strip when lower-casing, as BERT does
  bool split_cjk = true;              // tokenize_chinese_chars
  std::string unk_token = "[UNK]";
  std::string cls_token = "[CLS]";
  std::string sep_token = "[SEP]";
  std::string pad_token = "[PAD]";
  std::string continuing_prefix = "##";  // marks a piece that continues a word
  std::size_t max_word_length = 100;     // in code points; longer words are [UNK] whole
};

class WordPieceTokenizer : public Tokenizer {
 public:
  // The vocabulary must hold the unk, cls and sep tokens (std::invalid_argument otherwise).
  // specials: the tokens to keep whole when typed in the text (see special_tokens.h).
  WordPieceTokenizer(Vocabulary vocabulary, std::vector<SpecialToken> specials, WordPieceOptions options);

  using Tokenizer::encode;
  Tokenization encode(std::string_view text, bool add_special_tokens) const override;
  std::string token(int id) const override;
  int vocab_size() const override;
  // Tokens joined by spaces, "##" continuations glued on, [CLS]/[SEP]/[PAD] left out, and
  // HuggingFace's clean-up of spaces before punctuation and contractions ("dog ." → "dog.").
  std::string decode(std::span<const int> ids) const override;
  int trailing_special_tokens() const override { return 1; }
  // [CLS] A [SEP] B [SEP], token type 1 from B on
  std::optional<PairTemplate> pair_template() const override;

 private:
  std::vector<std::u32string> basic_tokenize(std::string_view text) const;
  void append_word_pieces(std::u32string_view word, Tokenization& tokenization) const;

  Vocabulary vocabulary_;
  std::vector<SpecialToken> specials_;
  WordPieceOptions options_;
  int unk_id_ = 0;
  int cls_id_ = 0;
  int sep_id_ = 0;
  std::optional<int> pad_id_;
};

}  // namespace core
