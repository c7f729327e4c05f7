#pragma once
// Byte-level BPE, the tokenizer of GPT-2 and BART, as HuggingFace's GPT2Tokenizer computes it.
//   bytes:     every byte b gets a printable character B(b) (" " → "Ġ", "\n" → "Ċ", "é" = C3 A9 → "Ã©"),
//              so every text has a spelling in the 256 base symbols and nothing is ever unknown
//   pre-split: GPT-2's pattern  's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//              "I'll  go" → I | 'll | " " | " go"
//   merges:    within each piece, repeatedly join the adjacent pair of lowest rank r (its line in
//              merges.txt) until no pair has a rank: Ġ g o → Ġg o → Ġgo
//   framing:   GPT-2 adds nothing; BART wraps the text in <s> … </s>.
// Qwen2 differs only in NFC first and its own pattern, Llama 3 in its pattern and in taking a piece
// the vocabulary holds whole (BpeOptions).

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/special_tokens.h"
#include "text/tokenizer.h"
#include "text/unicode_regex.h"
#include "text/vocabulary.h"

namespace core {

struct BpeOptions {
  std::optional<int> bos_id;      // put first (BART's <s>)
  std::optional<int> eos_id;      // put last (BART's </s>)
  std::optional<int> unk_id;      // for a symbol the vocabulary lacks
  std::vector<int> silent_ids;    // left out when decoding (<s>, </s>, <pad>, <|endoftext|>)
  bool add_prefix_space = false;  // treat "Hello" like " Hello"
  bool nfc = false;               // NFC the text first (Qwen2)
  // Another pre-tokenizer pattern than GPT-2's (Qwen2's); only its matches are kept, as re.findall does.
  std::optional<std::string> split_pattern;
  // A piece that is itself in the vocabulary is taken whole, before any merge (Llama 3's
  // tokenizer.json "ignore_merges"; llama.cpp does the same for its llama-bpe pre-tokenizer).
  bool ignore_merges = false;
};

// Qwen2Tokenizer's pattern (BpeOptions::split_pattern): letters may take one leading non-letter,
// every digit stands alone.
inline constexpr const char* qwen2_pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// Llama 3's pattern (BpeOptions::split_pattern, GGUF pre-tokenizer "llama-bpe"): Qwen2's, except
// that digits go in runs of up to three.
inline constexpr const char* llama3_pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// One pre-tokenized piece of text per element: GPT-2's pattern over the code points of text.
std::vector<std::u32string> gpt2_pre_tokenize(std::u32string_view text);

class BpeTokenizer : public Tokenizer {
 public:
  // merges: in rank order, each the two symbols it joins. Every base symbol B(b) must be in the
  // vocabulary unless options.unk_id is set (std::invalid_argument otherwise).
  BpeTokenizer(Vocabulary vocabulary, const std::vector<std::pair<std::string, std::string>>& merges,
               std::vector<SpecialToken> specials, BpeOptions options);

  using Tokenizer::encode;
  Tokenization encode(std::string_view text, bool add_special_tokens) const override;
  std::string token(int id) const override;
  int vocab_size() const override;
  // The tokens' base symbols mapped back to bytes; invalid UTF-8 that a cut between bytes leaves
  // becomes U+FFFD. The silent ids are left out.
  std::string decode(std::span<const int> ids) const override;
  int trailing_special_tokens() const override { return options_.eos_id ? 1 : 0; }
  // <s> A </s></s> B </s> with both of BART's tokens; else bos A bos B (GPT-2's add_bos_token), or A B
  std::optional<PairTemplate> pair_template() const override;

 private:
  std::vector<std::string> merge(std::vector<std::string> symbols) const;
  void append_piece(std::u32string_view piece, Tokenization& tokenization) const;
  std::optional<int> rank(const std::string& left, const std::string& right) const;

  Vocabulary vocabulary_;
  std::unordered_map<std::string, int> ranks_;  // "left right" → merge rank
  std::vector<SpecialToken> specials_;
  BpeOptions options_;
  std::array<std::string, 256> byte_symbols_;                 // b → B(b), UTF-8
  std::unordered_map<char32_t, unsigned char> symbol_bytes_;  // B(b) → b
  std::optional<UnicodeRegex> split_pattern_;
};

}  // namespace core
