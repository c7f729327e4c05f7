#pragma once
// Builds the tokenizer a model folder asks for; the model loader's entry points. Each throws
// core::LoadError whose message starts with the file at fault and says what is wrong:
// "vocab.json: not valid JSON: …", "merges.txt: line 17 is not two symbols", "vocab.txt: missing, …".
// tokenizer_config.json is read when present (special tokens, do_lower_case, add_prefix_space).

#include <filesystem>
#include <memory>

#include "tokenizer.h"
#include "tokenizer_vocab.h"

namespace core {

// AttentionScope's own models: a vocabulary file with one token per line (docs/model-format.md).
std::shared_ptr<const Tokenizer> load_native_tokenizer(const std::filesystem::path& vocab_file,
                                                       NativeTokenizerKind kind, bool lowercase, TokenizerRole role);

// BERT: vocab.txt, or tokenizer.json (WordPiece) when there is none; do_lower_case defaults to true.
std::shared_ptr<const Tokenizer> load_bert_tokenizer(const std::filesystem::path& folder);
// GPT-2: vocab.json + merges.txt, or tokenizer.json (BPE) when there are none. Adds no special tokens.
std::shared_ptr<const Tokenizer> load_gpt2_tokenizer(const std::filesystem::path& folder);
// BART: the same files as GPT-2; wraps the text in <s> … </s>, source and target alike.
std::shared_ptr<const Tokenizer> load_bart_tokenizer(const std::filesystem::path& folder);

// Marian: source.spm for the encoder's text, target.spm for the decoder's, both mapped to ids
// through vocab.json (target_vocab.json for the target when tokenizer_config.json sets separate_vocabs).
struct MarianTokenizers {
  std::shared_ptr<const Tokenizer> source;
  std::shared_ptr<const Tokenizer> target;
};
MarianTokenizers load_marian_tokenizers(const std::filesystem::path& folder);

}  // namespace core
