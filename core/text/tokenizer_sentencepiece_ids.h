#pragma once
// The SentencePiece tokenizers whose model ids are the .model file's own piece ids, as HF's slow
// LlamaTokenizer, GemmaTokenizer, T5Tokenizer and XLMRobertaTokenizer compute them.
//   specials: added tokens typed in the text are cut out first and keep their ids (special_tokens.h)
//   pieces:   each stretch between them is encoded by the .model: Llama/Mistral's BPE with byte
//             fallback ("東" → <0xE6> <0x9D> <0xB1>), T5's and XLM-R's unigram with nmt_nfkc;
//             "▁" marks a word start, a dummy one put first unless the model says not to (Gemma)
//   ids:      piece id + offset (XLM-R's fairseq offset 1; 0 elsewhere); the model's unknown
//             piece maps to unk_id (XLM-R: <unk> = 3, not spm's 0)
//   legacy = false (Llama, T5): "▁" in the text is read as a space, a "▁" goes first, and text
//             right after a special token gets no second dummy "▁" (HF's non-legacy _tokenize)
//   framing:  prefix ids before the text (<s>, <bos>), suffix ids after it (</s>)

#include <memory>
#include <string>
#include <vector>

#include "text/special_tokens.h"
#include "text/text_pair.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace core {

struct SentencePieceIdsOptions {
  std::vector<int> prefix;            // ids before the text
  std::vector<int> suffix;            // ids after it
  bool suffix_unless_present = false;  // T5: no second </s> when the text already ends with it
  int id_offset = 0;                  // model id = piece id + id_offset
  int unk_id = 0;                     // the model id of the .model's unknown piece
  std::vector<int> silent_ids;        // left out when decoding (<s>, </s>, <pad>)
  // legacy = false: model must have no dummy prefix, and unk_token is what HF encodes in front
  // of text that follows a special token to keep its "▁" from merging.
  bool legacy = true;
  bool add_prefix_space = true;  // legacy = false only: put "▁" first
  std::string unk_token = "<unk>";
  // How two texts are joined (text/text_pair.h): XLM-R's <s> A </s></s> B </s> (Roberta), or
  // prefix A suffix prefix B suffix (Llama, Gemma, T5: Repeat).
  PairStyle pair_style = PairStyle::Repeat;
};

class SentencePieceIdsTokenizer : public Tokenizer {
 public:
  // vocabulary: id → token for every model id (pieces at their shifted ids and the specials).
  SentencePieceIdsTokenizer(std::shared_ptr<const sentencepiece::SentencePieceProcessor> model, Vocabulary vocabulary,
                            std::vector<SpecialToken> specials, SentencePieceIdsOptions options);

  using Tokenizer::encode;
  Tokenization encode(std::string_view text, bool add_special_tokens) const override;
  std::string token(int id) const override;
  int vocab_size() const override;
  // Pieces joined, "▁" read as a space, <0xNN> runs back to bytes, the leading space dropped.
  std::string decode(std::span<const int> ids) const override;
  int trailing_special_tokens() const override { return static_cast<int>(options_.suffix.size()); }
  std::optional<PairTemplate> pair_template() const override;

 private:
  // The model ids and piece strings of one stretch of plain text.
  void encode_plain(std::string_view text, std::vector<int>& ids, std::vector<std::string>& pieces) const;
  int model_id(int piece_id) const;

  std::shared_ptr<const sentencepiece::SentencePieceProcessor> model_;
  Vocabulary vocabulary_;
  std::vector<SpecialToken> specials_;
  SentencePieceIdsOptions options_;
  std::size_t unk_token_length_ = 0;  // pieces the .model cuts unk_token into (legacy = false)
};

}  // namespace core
