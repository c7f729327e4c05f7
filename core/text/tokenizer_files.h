#pragma once
// Reads the files HuggingFace keeps a tokenizer in, checking each as it goes. Every problem throws
// core::LoadError whose message starts with the file name: "merges.txt: line 17 is not two symbols".
//   vocab.txt               one token per line, id = line number (BERT, and AttentionScope's own models)
//   vocab.json              {"token": id, …} (GPT-2, BART, Marian)
//   merges.txt              "#version: 0.2", then one merge "left right" per line, in rank order
//   tokenizer_config.json   options and special tokens (optional)
//   tokenizer.json          the fast tokenizer's single file: model.vocab, model.merges, added_tokens

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/special_tokens.h"
#include "text/vocabulary.h"

namespace core {

using Merges = std::vector<std::pair<std::string, std::string>>;

// strict: AttentionScope's own vocabularies, where an empty or repeated line is a mistake;
// HuggingFace's vocab.txt keeps both, as its load_vocab does, so that ids stay line numbers.
Vocabulary read_vocab_txt(const std::filesystem::path& file, bool strict);
Vocabulary read_vocab_json(const std::filesystem::path& file);
Merges read_merges_txt(const std::filesystem::path& file);

struct TokenizerConfig {
  std::optional<bool> do_lower_case;
  std::optional<bool> strip_accents;
  std::optional<bool> tokenize_chinese_chars;
  std::optional<bool> add_prefix_space;
  bool separate_vocabs = false;  // Marian: the target side has its own target_vocab.json
  std::optional<bool> add_bos_token;  // Llama, Gemma: put bos_token first (their default: true)
  std::optional<bool> add_eos_token;  // Llama, Gemma: put eos_token last (their default: false)
  std::optional<bool> legacy;         // Llama, T5: false = the fixed handling of text after special tokens
  std::optional<std::string> tokenizer_class;          // "LlamaTokenizer", "GPT2Tokenizer", …
  std::vector<std::string> additional_special_tokens;  // T5's <extra_id_N>, Qwen2's <|im_start|>, …
  std::map<std::string, std::string, std::less<>> named_tokens;  // "unk_token" → "[UNK]", …
  std::optional<std::vector<SpecialToken>> added_tokens;         // added_tokens_decoder

  // The named special token ("cls_token"), or fallback when the file does not set it.
  std::string token(std::string_view key, std::string_view fallback) const;
};

// A missing file gives the defaults: HuggingFace's tokenizers run without one too.
TokenizerConfig read_tokenizer_config(const std::filesystem::path& file);

struct TokenizerJson {
  Vocabulary vocabulary;                         // model.vocab
  Merges merges;                                 // model.merges (BPE)
  std::vector<SpecialToken> added_tokens;        // added_tokens
  std::optional<std::string> unk_token;          // model.unk_token
  std::optional<std::string> continuing_prefix;  // model.continuing_subword_prefix (WordPiece)
  std::optional<std::size_t> max_word_length;    // model.max_input_chars_per_word (WordPiece)
  std::optional<bool> lowercase;                 // a BertNormalizer's lowercase
};

// model_type: "WordPiece" or "BPE"; a tokenizer.json of another model type is refused.
TokenizerJson read_tokenizer_json(const std::filesystem::path& file, std::string_view model_type);

}  // namespace core
