#include "analysis/reading/word_groups.h"

#include <algorithm>
#include <optional>

#include "analysis/head_analysis.h"
#include "text/byte_level.h"
#include "text/unicode.h"

namespace core {

namespace {

const std::string kWordPieceContinuation = "##";
const std::string kByteLevelSpace = "\xC4\xA0";    // Ġ (U+0120): GPT-2's spelling of a space
const std::string kByteLevelNewline = "\xC4\x8A";  // Ċ (U+010A): a line break
const std::string kMetaspace = "\xE2\x96\x81";     // ▁ (U+2581): SentencePiece's space

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

bool starts_word(const std::string& token, WordMarkers markers) {
  switch (markers) {
    case WordMarkers::WordPiece: return !starts_with(token, kWordPieceContinuation);
    case WordMarkers::ByteLevel: return starts_with(token, kByteLevelSpace) || starts_with(token, kByteLevelNewline);
    case WordMarkers::Metaspace: return starts_with(token, kMetaspace);
    case WordMarkers::EveryToken:
    case WordMarkers::Auto: return true;
  }
  return true;
}

// The bytes a piece stands for, word marks kept as spaces ("Ġthe" → " the", "##ing" → "ing",
// "<0xE5>" → the byte E5), or nothing when a byte-level piece is not in GPT-2's alphabet.
std::optional<std::string> piece_bytes(const std::string& token, WordMarkers markers) {
  if (is_byte_piece(token)) return std::string(1, static_cast<char>(std::stoi(token.substr(3, 2), nullptr, 16)));
  switch (markers) {
    case WordMarkers::WordPiece:
      return starts_with(token, kWordPieceContinuation) ? token.substr(kWordPieceContinuation.size()) : token;
    case WordMarkers::ByteLevel: {
      std::string bytes;
      for (const char32_t c : decode_utf8(token)) {
        const std::optional<unsigned char> byte = byte_level_byte(c);
        if (!byte) return std::nullopt;
        bytes += static_cast<char>(*byte);
      }
      return bytes;
    }
    case WordMarkers::Metaspace: {
      std::string text = token;
      replace_all(text, kMetaspace, " ");
      return text;
    }
    case WordMarkers::EveryToken:
    case WordMarkers::Auto: return token;
  }
  return token;
}

std::string trim_spaces(const std::string& text) {
  const auto first = text.find_first_not_of(" \n\t");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \n\t");
  return text.substr(first, last - first + 1);
}

// A word's label: its pieces' bytes joined and trimmed (valid UTF-8 kept as is, broken bytes
// replaced by U+FFFD); the raw pieces joined when that leaves nothing to read.
std::string word_label(std::span<const std::string> pieces, WordMarkers markers) {
  std::string bytes;
  std::string raw;
  bool decoded = true;
  for (const std::string& piece : pieces) {
    raw += piece;
    const std::optional<std::string> b = piece_bytes(piece, markers);
    if (!b) decoded = false;
    else bytes += *b;
  }
  if (!decoded) return raw;
  const std::string label = trim_spaces(sanitize_utf8(bytes));
  return label.empty() ? raw : label;
}

}  // namespace

const char* to_string(WordMarkers markers) {
  switch (markers) {
    case WordMarkers::Auto: return "auto";
    case WordMarkers::WordPiece: return "wordpiece";
    case WordMarkers::ByteLevel: return "byte-level";
    case WordMarkers::Metaspace: return "metaspace";
    case WordMarkers::EveryToken: return "every-token";
  }
  return "auto";
}

bool is_byte_piece(const std::string& token) {
  const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); };
  return token.size() == 6 && starts_with(token, "<0x") && hex(token[3]) && hex(token[4]) && token[5] == '>';
}

WordMarkers detect_word_markers(std::span<const std::string> tokens) {
  const auto any = [&](auto predicate) { return std::any_of(tokens.begin(), tokens.end(), predicate); };
  if (any([](const std::string& t) { return starts_with(t, kWordPieceContinuation); })) return WordMarkers::WordPiece;
  if (any([](const std::string& t) { return starts_with(t, kByteLevelSpace) || starts_with(t, kByteLevelNewline); })) {
    return WordMarkers::ByteLevel;
  }
  if (any([](const std::string& t) { return starts_with(t, kMetaspace); })) return WordMarkers::Metaspace;
  return WordMarkers::EveryToken;
}

int TokenGroups::group_of(int t) const {
  // the last group starting at or before t
  const auto after = std::upper_bound(starts.begin(), starts.end(), t);
  return static_cast<int>(after - starts.begin()) - 1;
}

TokenGroups word_groups(std::span<const std::string> tokens, WordMarkers markers) {
  if (markers == WordMarkers::Auto) markers = detect_word_markers(tokens);
  TokenGroups groups;
  groups.token_count = static_cast<int>(tokens.size());
  bool after_special = true;  // the first piece starts a word, as does the one after [CLS]
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const bool special = is_special_token(tokens[t]);
    if (special || after_special || starts_word(tokens[t], markers)) groups.starts.push_back(static_cast<int>(t));
    after_special = special;
  }
  for (int g = 0; g < groups.size(); ++g) {
    const auto first = tokens.begin() + groups.start(g);
    groups.labels.push_back(word_label({first, tokens.begin() + groups.end(g)}, markers));
  }
  return groups;
}

TokenGroups single_tokens(std::span<const std::string> tokens) {
  TokenGroups groups;
  groups.token_count = static_cast<int>(tokens.size());
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    groups.starts.push_back(static_cast<int>(t));
    groups.labels.push_back(tokens[t]);
  }
  return groups;
}

}  // namespace core
