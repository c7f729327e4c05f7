#pragma once
// Marian's tokenizer, as HuggingFace's MarianTokenizer computes it.
//   pieces:  a SentencePiece unigram model (source.spm for the source, target.spm for the target)
//            normalises the text (nmt_nfkc: "１２" → "12", runs of spaces → one), puts "▁" before
//            it and cuts it into pieces, "▁" marking a word start: "The fox" → ▁The ▁fo x
//   ids:     each piece is looked up in vocab.json, which both sides share (the spm's own ids are
//            not the model's); a piece it lacks → <unk>. The spm keeps a run of characters it
//            does not know as one piece, so "天涯" → ▁ <unk>.
//   framing: … </s>, no start token; a leading language code ">>fr<<" is one token.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "text/special_tokens.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace core {

struct SentencePieceOptions {
  int unk_id = 0;
  int eos_id = 0;
  std::optional<int> pad_id;  // left out when decoding, like eos
};

class SentencePieceTokenizer : public Tokenizer {
 public:
  // model: a loaded SentencePiece model; vocabulary: vocab.json.
  SentencePieceTokenizer(std::shared_ptr<const sentencepiece::SentencePieceProcessor> model, Vocabulary vocabulary,
                         std::vector<SpecialToken> specials, SentencePieceOptions options);

  using Tokenizer::encode;
  Tokenization encode(std::string_view text, bool add_special_tokens) const override;
  std::string token(int id) const override;
  int vocab_size() const override;
  // Pieces joined, "▁" read as a space; </s> and <pad> left out.
  std::string decode(std::span<const int> ids) const override;
  int trailing_special_tokens() const override { return 1; }

 private:
  void append_piece(const std::string& piece, Tokenization& tokenization) const;

  std::shared_ptr<const sentencepiece::SentencePieceProcessor> model_;
  Vocabulary vocabulary_;
  std::vector<SpecialToken> specials_;
  SentencePieceOptions options_;
};

}  // namespace core
