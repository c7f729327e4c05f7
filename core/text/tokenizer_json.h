#pragma once
// A tokenizer.json (HuggingFace tokenizers' one-file format) read whole and run as its pipeline:
//   1. added tokens cut out of the raw text ("<s>", "<|endoftext|>"; added_tokens.h)
//   2. each stretch between them normalised ("normalizer"), then cut at the added tokens that match
//      normalised text
//   3. pre-tokenized into pieces ("pre_tokenizer")
//   4. each piece tokenized by the model ("model": BPE, WordPiece or Unigram)
//   5. framed by the post-processor's special tokens when add_special_tokens is on ("post_processor")
// decode runs "decoder" over the tokens, added special tokens left out.
// Every problem with the file throws core::LoadError "tokenizer.json: <key> <what is wrong>".

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "text/added_tokens.h"
#include "text/tokenizer.h"
#include "text/tokenizer_json_decoders.h"
#include "text/tokenizer_json_models.h"
#include "text/tokenizer_json_normalizers.h"
#include "text/tokenizer_json_post_processors.h"
#include "text/tokenizer_json_pre_tokenizers.h"
#include "text/tokenizer_json_stream.h"
#include "text/vocabulary.h"

namespace core {

class JsonTokenizer : public Tokenizer {
 public:
  // file: a tokenizer.json; messages name it by its file name. reading: tokenizer_json_stream.h
  // (WholeDom only as the tests' reference).
  explicit JsonTokenizer(const std::filesystem::path& file, TokenizerJsonReading reading = TokenizerJsonReading::Streamed);

  using Tokenizer::encode;
  Tokenization encode(std::string_view text, bool add_special_tokens) const override;
  std::string token(int id) const override;
  int vocab_size() const override;
  std::string decode(std::span<const int> ids) const override;
  int trailing_special_tokens() const override { return static_cast<int>(framing_.suffix.size()); }
  std::optional<PairTemplate> pair_template() const override { return framing_.pair; }

  // The id of a vocabulary entry or added token.
  std::optional<int> find(std::string_view token) const { return vocabulary_.find(token); }
  // Replaces the post-processor's special tokens (tokenizer_config.json's add_bos_token and
  // add_eos_token do this for Llama and Gemma, as HF's update_post_processor does).
  // Without a pair layout of its own, a pair repeats the framing: prefix A suffix prefix B suffix,
  // the second half with token type 1 (HF's LlamaTokenizerFast and GemmaTokenizerFast).
  void set_framing(Framing framing);

 private:
  void encode_stretch(std::string_view text, bool at_start, Tokenization& tokenization) const;

  std::unique_ptr<const Normalizer> normalizer_;     // may be null
  std::unique_ptr<const PreTokenizer> pre_tokenizer_;  // may be null
  std::unique_ptr<const SubwordModel> model_;
  Framing framing_;
  std::unique_ptr<const Decoder> decoder_;  // may be null: tokens joined by spaces
  std::vector<AddedToken> added_tokens_;
  std::vector<const AddedToken*> raw_tokens_;         // matched before normalising
  std::vector<const AddedToken*> normalized_tokens_;  // matched after
  Vocabulary vocabulary_;                             // the model's, added tokens on top
};

}  // namespace core
