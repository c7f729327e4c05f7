#pragma once
// Builds the tokenizer a model folder asks for; the model loader's entry points. Each throws
// core::LoadError whose message starts with the file at fault and says what is wrong:
// "vocab.json: not valid JSON: …", "merges.txt: line 17 is not two symbols", "vocab.txt: missing, …".
// tokenizer_config.json is read when present (special tokens, do_lower_case, add_prefix_space).

#include <filesystem>
#include <memory>

#include "text/tokenizer.h"
#include "text/tokenizer_vocab.h"

namespace core {

// Any tokenizer.json (HuggingFace tokenizers' one-file format, tokenizer_json.h), with
// tokenizer_config.json's add_bos_token / add_eos_token applied for the Llama and Gemma classes,
// whose fast tokenizers rebuild their post-processor from them.
std::shared_ptr<const Tokenizer> load_tokenizer_json(const std::filesystem::path& folder);

// AttentionScope's own models: a vocabulary file with one token per line (docs/model-format.md).
std::shared_ptr<const Tokenizer> load_native_tokenizer(const std::filesystem::path& vocab_file,
                                                       NativeTokenizerKind kind, bool lowercase, TokenizerRole role);

// BERT: vocab.txt, or tokenizer.json (WordPiece) when there is none; do_lower_case defaults to true.
std::shared_ptr<const Tokenizer> load_bert_tokenizer(const std::filesystem::path& folder);
// GPT-2 (also GPT-NeoX, BLOOM): vocab.json + merges.txt, or tokenizer.json (BPE) when there are none.
// Adds no special tokens, unless add_bos_token puts bos_token first.
std::shared_ptr<const Tokenizer> load_gpt2_tokenizer(const std::filesystem::path& folder);
// BART: the same files as GPT-2; wraps the text in <s> … </s>, source and target alike.
std::shared_ptr<const Tokenizer> load_bart_tokenizer(const std::filesystem::path& folder);

// Each loader below prefers the files HF's slow tokenizer reads and falls back to tokenizer.json
// (load_tokenizer_json) when they are missing. tokenizer_config.json is read when present.

// Llama and Mistral: tokenizer.model (SentencePiece BPE with byte fallback). <s> first unless
// add_bos_token is false, </s> last only when add_eos_token is true; legacy false gives HF's
// non-legacy handling of "▁" and of text after special tokens.
std::shared_ptr<const Tokenizer> load_llama_tokenizer(const std::filesystem::path& folder);
// Gemma: like Llama, with <bos> / <eos> (its .model has no dummy prefix).
std::shared_ptr<const Tokenizer> load_gemma_tokenizer(const std::filesystem::path& folder);
// T5: spiece.model (unigram) + </s> appended (not twice); <extra_id_N> from added_tokens_decoder,
// added_tokens.json or extra_ids, <extra_id_0> being the last id.
std::shared_ptr<const Tokenizer> load_t5_tokenizer(const std::filesystem::path& folder);
// XLM-RoBERTa: sentencepiece.bpe.model with fairseq's ids (<s>=0 <pad>=1 </s>=2 <unk>=3, piece
// id + 1 for the rest, <mask> last); <s> … </s>.
std::shared_ptr<const Tokenizer> load_xlm_roberta_tokenizer(const std::filesystem::path& folder);
// RoBERTa: the same files and framing as BART (<s> … </s>).
std::shared_ptr<const Tokenizer> load_roberta_tokenizer(const std::filesystem::path& folder);
// Qwen2: vocab.json + merges.txt; NFC first, Qwen2's pattern (every digit alone), no special
// tokens added.
std::shared_ptr<const Tokenizer> load_qwen2_tokenizer(const std::filesystem::path& folder);
// GPT-NeoX and BLOOM ship GPT2Tokenizer files (and a tokenizer.json): load_gpt2_tokenizer.

// Marian: source.spm for the encoder's text, target.spm for the decoder's, both mapped to ids
// through vocab.json (target_vocab.json for the target when tokenizer_config.json sets separate_vocabs).
struct MarianTokenizers {
  std::shared_ptr<const Tokenizer> source;
  std::shared_ptr<const Tokenizer> target;
};
MarianTokenizers load_marian_tokenizers(const std::filesystem::path& folder);

}  // namespace core
