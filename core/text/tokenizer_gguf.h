#pragma once
// The tokenizer a GGUF file describes in its tokenizer.ggml.* metadata, built on the project's
// own tokenizer classes so that it tokenizes as the HuggingFace tokenizer the file came from:
//   model "llama": SentencePiece BPE (Llama, Mistral, Gemma). tokens, scores and token_type become
//                  a SentencePiece model (sentencepiece_model_builder.h) run by libsentencepiece;
//                  <s> first when add_bos_token (default true), </s> last when add_eos_token;
//                  no dummy "▁" when add_space_prefix is false (Gemma)
//   model "gpt2":  byte-level BPE (Qwen2) from tokens and merges ("Ġ t" = Ġ merged with t, in
//                  rank order), with the pre-tokenizer tokenizer.ggml.pre names: "qwen2" (NFC and
//                  Qwen2's pattern) or "gpt-2"; nothing added unless add_bos_token says so
// Control (3) and user-defined (4) tokens stay whole when typed in the text, as HF's added tokens do.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "text/tokenizer.h"

namespace core {

// The tokenizer.ggml.* values, as read from the file (absent keys stay empty).
struct GgufVocabulary {
  std::string file;                   // "model.gguf", for messages
  std::string model;                  // tokenizer.ggml.model
  std::string pre;                    // tokenizer.ggml.pre
  std::vector<std::string> tokens;    // tokenizer.ggml.tokens
  std::vector<double> scores;         // tokenizer.ggml.scores (SentencePiece)
  std::vector<double> token_types;    // tokenizer.ggml.token_type: 1 normal … 6 byte
  std::vector<std::string> merges;    // tokenizer.ggml.merges (BPE)
  std::optional<int> bos_id;          // tokenizer.ggml.bos_token_id
  std::optional<int> eos_id;          // tokenizer.ggml.eos_token_id
  std::optional<int> unk_id;          // tokenizer.ggml.unknown_token_id
  std::optional<int> pad_id;          // tokenizer.ggml.padding_token_id
  std::optional<bool> add_bos;        // tokenizer.ggml.add_bos_token
  std::optional<bool> add_eos;        // tokenizer.ggml.add_eos_token
  std::optional<bool> add_space_prefix;  // tokenizer.ggml.add_space_prefix
};

// Throws LoadError naming the file and the key at fault: an unsupported model or pre-tokenizer,
// arrays of different lengths, an id past the token list, a merge that is not two tokens, a
// token list SentencePiece refuses.
std::shared_ptr<const Tokenizer> make_gguf_tokenizer(const GgufVocabulary& vocabulary);

}  // namespace core
