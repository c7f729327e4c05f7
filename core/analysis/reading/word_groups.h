#pragma once
// Sub-word pieces back into the words a reader sees. Every tokenizer family marks word
// boundaries in its pieces, one of three ways:
//   WordPiece (BERT)        "play" "##ing"   a piece starting "##" continues the word before it
//   byte-level BPE (GPT-2)  "Ġplay" "ing"    a piece starting "Ġ" (a space) or "Ċ" (a line break)
//                                            starts a word; any other continues
//   SentencePiece (Llama, T5, XLM-R)  "▁play" "ing"   a piece starting "▁" starts a word; byte
//                                            fallback pieces "<0xE5>" continue the word they are in
// In every family a special token ([CLS], </s>, <|endoftext|>: special_tokens() below) is a word
// of its own, and the piece after it starts a new word. A word is always a run of neighbouring
// tokens. docs/reading.md.

#include <span>
#include <string>
#include <vector>

namespace core {

// How a tokenization marks words. Auto reads it off the tokens: any piece starting "##" →
// WordPiece, else any starting "Ġ"/"Ċ" → ByteLevel, else any starting "▁" → Metaspace, else
// EveryToken (no marks at all: word-level vocabularies, or a text of single-piece words).
enum class WordMarkers { Auto, WordPiece, ByteLevel, Metaspace, EveryToken };

const char* to_string(WordMarkers markers);  // "auto", "wordpiece", "byte-level", "metaspace", "every-token"
WordMarkers detect_word_markers(std::span<const std::string> tokens);

// A partition of token positions 0 … T−1 into runs: group g holds tokens [start(g), end(g)).
struct TokenGroups {
  std::vector<int> starts;          // the first token of each group, increasing, starts[0] = 0
  int token_count = 0;              // T
  std::vector<std::string> labels;  // each group's text as a reader sees it ("playing", "[CLS]")

  int size() const { return static_cast<int>(starts.size()); }
  int start(int g) const { return starts[static_cast<std::size_t>(g)]; }
  int end(int g) const { return g + 1 < size() ? start(g + 1) : token_count; }
  // The group holding token t (0 ≤ t < T).
  int group_of(int t) const;
};

// The words of a tokenization (tokens: the vocabulary entries, "##ing", "Ġthe", "▁Le", "<0xE5>").
TokenGroups word_groups(std::span<const std::string> tokens, WordMarkers markers = WordMarkers::Auto);

// One group per token, labelled with the token: what a view shows without the word level.
TokenGroups single_tokens(std::span<const std::string> tokens);

// A SentencePiece byte-fallback piece "<0xNN>" (one byte of a character the vocabulary lacks).
bool is_byte_piece(const std::string& token);

}  // namespace core
