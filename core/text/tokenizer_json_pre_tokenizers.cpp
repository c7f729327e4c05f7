#include "text/tokenizer_json_pre_tokenizers.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>

#include "text/byte_level.h"
#include "text/tokenizer_json_pattern.h"
#include "text/unicode.h"
#include "text/unicode_regex.h"

namespace core {

namespace {

enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// A stretch of a piece: the matches of a pattern and the text between them, in order, covering it.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool is_match = false;
};

std::vector<Span> spans_of(std::size_t length, const std::vector<ByteRange>& matches) {
  std::vector<Span> spans;
  std::size_t previous = 0;
  for (const ByteRange& match : matches) {
    if (previous < match.begin) spans.push_back({previous, match.begin, false});
    spans.push_back({match.begin, match.end, true});
    previous = match.end;
  }
  if (previous < length) spans.push_back({previous, length, false});
  return spans;
}

// Each character for which is_delimiter holds is a match of its own, as HuggingFace's
// Pattern for Fn(char) -> bool has it.
std::vector<ByteRange> character_matches(std::string_view text, const std::function<bool(char32_t)>& is_delimiter) {
  std::vector<ByteRange> matches;
  std::size_t at = 0;
  for (char32_t c : decode_utf8(text)) {
    const std::size_t length = encode_utf8(c).size();
    if (is_delimiter(c)) matches.push_back({at, at + length});
    at += length;
  }
  return matches;
}

// HuggingFace's NormalizedString::split: where the matched spans go under each behavior.
std::vector<PreToken> split_piece(const PreToken& piece, std::vector<Span> spans, Behavior behavior, bool invert) {
  if (invert) {
    for (Span& span : spans) span.is_match = !span.is_match;
  }
  std::vector<Span> kept;
  switch (behavior) {
    case Behavior::Removed:
      for (const Span& span : spans) {
        if (!span.is_match) kept.push_back(span);
      }
      break;
    case Behavior::Isolated:
      kept = spans;
      break;
    case Behavior::Contiguous: {
      bool previous_match = false;
      for (const Span& span : spans) {
        if (span.is_match && previous_match && !kept.empty()) {
          kept.back().end = span.end;
        } else {
          kept.push_back(span);
        }
        previous_match = span.is_match;
      }
      break;
    }
    case Behavior::MergedWithPrevious: {
      bool previous_match = false;
      for (const Span& span : spans) {
        if (span.is_match && !previous_match && !kept.empty()) {
          kept.back().end = span.end;
        } else {
          kept.push_back(span);
        }
        previous_match = span.is_match;
      }
      break;
    }
    case Behavior::MergedWithNext: {
      bool previous_match = false;
      for (auto span = spans.rbegin(); span != spans.rend(); ++span) {
        if (span->is_match && !previous_match && !kept.empty()) {
          kept.back().begin = span->begin;
        } else {
          kept.push_back(*span);
        }
        previous_match = span->is_match;
      }
      std::reverse(kept.begin(), kept.end());
      break;
    }
  }
  std::vector<PreToken> pieces;
  for (const Span& span : kept) {
    if (span.begin == span.end) continue;
    pieces.push_back({piece.text.substr(span.begin, span.end - span.begin), piece.at_start && span.begin == 0});
  }
  return pieces;
}

template <typename SplitOne>
void split_each(std::vector<PreToken>& pieces, SplitOne split_one) {
  std::vector<PreToken> result;
  result.reserve(pieces.size());
  for (const PreToken& piece : pieces) {
    if (piece.text.empty()) continue;
    for (PreToken& part : split_one(piece)) {
      if (!part.text.empty()) result.push_back(std::move(part));
    }
  }
  pieces = std::move(result);
}

// GPT-2's pattern; \s+(?!\S) leaves the last of several spaces to the word after it.
constexpr std::string_view gpt2_pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

class ByteLevel : public PreTokenizer {
 public:
  ByteLevel(bool add_prefix_space, bool use_regex)
      : add_prefix_space_(add_prefix_space), gpt2_(use_regex ? std::optional(UnicodeRegex(gpt2_pattern)) : std::nullopt) {}

  void pre_tokenize(std::vector<PreToken>& pieces) const override {
    split_each(pieces, [&](const PreToken& piece) {
      PreToken spaced = piece;
      if (add_prefix_space_ && !spaced.text.starts_with(' ')) spaced.text.insert(spaced.text.begin(), ' ');
      std::vector<PreToken> parts{spaced};
      if (gpt2_) {
        parts = split_piece(spaced, spans_of(spaced.text.size(), gpt2_->find_all(spaced.text)), Behavior::Isolated, false);
      }
      for (PreToken& part : parts) part.text = to_byte_level(part.text);
      return parts;
    });
  }

 private:
  bool add_prefix_space_;
  std::optional<UnicodeRegex> gpt2_;
};

class Split : public PreTokenizer {
 public:
  Split(UnicodeRegex pattern, Behavior behavior, bool invert)
      : pattern_(std::move(pattern)), behavior_(behavior), invert_(invert) {}

  void pre_tokenize(std::vector<PreToken>& pieces) const override {
    split_each(pieces, [&](const PreToken& piece) {
      return split_piece(piece, spans_of(piece.text.size(), pattern_.find_all(piece.text)), behavior_, invert_);
    });
  }

 private:
  UnicodeRegex pattern_;
  Behavior behavior_;
  bool invert_;
};

// Splits at characters for which a predicate holds (Digits, WhitespaceSplit, Punctuation, …).
class CharacterSplit : public PreTokenizer {
 public:
  CharacterSplit(std::function<bool(char32_t)> is_delimiter, Behavior behavior)
      : is_delimiter_(std::move(is_delimiter)), behavior_(behavior) {}

  void pre_tokenize(std::vector<PreToken>& pieces) const override {
    split_each(pieces, [&](const PreToken& piece) {
      return split_piece(piece, spans_of(piece.text.size(), character_matches(piece.text, is_delimiter_)), behavior_,
                         false);
    });
  }

 private:
  std::function<bool(char32_t)> is_delimiter_;
  Behavior behavior_;
};

enum class PrependScheme { Always, First, Never };

// SentencePiece's view of spaces: " " becomes "▁" and a "▁" goes first, so "Hello world" →
// "▁Hello", "▁world".
class Metaspace : public PreTokenizer {
 public:
  Metaspace(std::string replacement, PrependScheme scheme, bool split)
      : replacement_(std::move(replacement)), marker_(UnicodeRegex::literal(replacement_)), scheme_(scheme), split_(split) {}

  void pre_tokenize(std::vector<PreToken>& pieces) const override {
    split_each(pieces, [&](const PreToken& piece) {
      PreToken replaced{{}, piece.at_start};
      for (char c : piece.text) {
        if (c == ' ') {
          replaced.text += replacement_;
        } else {
          replaced.text += c;
        }
      }
      const bool prepend = scheme_ == PrependScheme::Always || (scheme_ == PrependScheme::First && piece.at_start);
      if (prepend && !replaced.text.starts_with(replacement_)) replaced.text = replacement_ + replaced.text;
      if (!split_) return std::vector<PreToken>{replaced};
      return split_piece(replaced, spans_of(replaced.text.size(), marker_.find_all(replaced.text)),
                         Behavior::MergedWithNext, false);
    });
  }

 private:
  std::string replacement_;
  UnicodeRegex marker_;
  PrependScheme scheme_;
  bool split_;
};

class Sequence : public PreTokenizer {
 public:
  explicit Sequence(std::vector<std::unique_ptr<const PreTokenizer>> steps) : steps_(std::move(steps)) {}
  void pre_tokenize(std::vector<PreToken>& pieces) const override {
    for (const auto& step : steps_) step->pre_tokenize(pieces);
  }

 private:
  std::vector<std::unique_ptr<const PreTokenizer>> steps_;
};

Behavior parse_behavior(const JsonPlace& place) {
  const std::string name = place.string();
  if (name == "Removed") return Behavior::Removed;
  if (name == "Isolated") return Behavior::Isolated;
  if (name == "MergedWithPrevious") return Behavior::MergedWithPrevious;
  if (name == "MergedWithNext") return Behavior::MergedWithNext;
  if (name == "Contiguous") return Behavior::Contiguous;
  place.fail("is \"" + name + "\"; expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous");
}

std::unique_ptr<const PreTokenizer> parse_metaspace(const JsonPlace& place) {
  const std::string replacement = place.string_or("replacement", "\u2581");
  if (decode_utf8(replacement).size() != 1) place.at("replacement").fail("is not one character");
  // Older files say add_prefix_space instead of prepend_scheme.
  PrependScheme scheme = place.boolean_or("add_prefix_space", true) ? PrependScheme::Always : PrependScheme::Never;
  if (const std::optional<JsonPlace> scheme_place = place.find("prepend_scheme")) {
    const std::string name = scheme_place->string();
    if (name == "always") {
      scheme = PrependScheme::Always;
    } else if (name == "first") {
      scheme = PrependScheme::First;
    } else if (name == "never") {
      scheme = PrependScheme::Never;
    } else {
      scheme_place->fail("is \"" + name + "\"; expected always, first or never");
    }
  }
  return std::make_unique<Metaspace>(replacement, scheme, place.boolean_or("split", true));
}

}  // namespace

std::unique_ptr<const PreTokenizer> parse_pre_tokenizer(const JsonPlace& place) {
  const JsonPlace type_place = place.at("type");
  const std::string type = type_place.string();
  if (type == "ByteLevel") {
    return std::make_unique<ByteLevel>(place.boolean_or("add_prefix_space", true), place.boolean_or("use_regex", true));
  }
  if (type == "Split") {
    return std::make_unique<Split>(parse_pattern(place.at("pattern")), parse_behavior(place.at("behavior")),
                                   place.boolean_or("invert", false));
  }
  if (type == "Metaspace") return parse_metaspace(place);
  if (type == "Digits") {
    return std::make_unique<CharacterSplit>(
        is_number, place.boolean_or("individual_digits", false) ? Behavior::Isolated : Behavior::Contiguous);
  }
  if (type == "Whitespace") {
    // \w+|[^\w\s]+ kept, the rest (white space) dropped; \w spelt out as Oniguruma's Unicode \w.
    return std::make_unique<Split>(UnicodeRegex(R"([\p{L}\p{M}\p{N}\p{Pc}]+|[^\p{L}\p{M}\p{N}\p{Pc}\s]+)"),
                                   Behavior::Removed, true);
  }
  if (type == "WhitespaceSplit") return std::make_unique<CharacterSplit>(is_unicode_whitespace, Behavior::Removed);
  if (type == "Punctuation") {
    const std::optional<JsonPlace> behavior = place.find("behavior");
    return std::make_unique<CharacterSplit>(is_punctuation, behavior ? parse_behavior(*behavior) : Behavior::Isolated);
  }
  if (type == "BertPreTokenizer") {
    std::vector<std::unique_ptr<const PreTokenizer>> steps;
    steps.push_back(std::make_unique<CharacterSplit>(is_unicode_whitespace, Behavior::Removed));
    steps.push_back(std::make_unique<CharacterSplit>(is_punctuation, Behavior::Isolated));
    return std::make_unique<Sequence>(std::move(steps));
  }
  if (type == "CharDelimiterSplit") {
    const JsonPlace delimiter_place = place.at("delimiter");
    const std::u32string delimiter = decode_utf8(delimiter_place.string());
    if (delimiter.size() != 1) delimiter_place.fail("is not one character");
    const char32_t d = delimiter[0];
    return std::make_unique<CharacterSplit>([d](char32_t c) { return c == d; }, Behavior::Removed);
  }
  if (type == "Sequence") {
    const JsonPlace list = place.at("pretokenizers");
    std::vector<std::unique_ptr<const PreTokenizer>> steps;
    for (std::size_t i = 0; i < list.size(); ++i) steps.push_back(parse_pre_tokenizer(list.at(i)));
    return std::make_unique<Sequence>(std::move(steps));
  }
  type_place.fail("is \"" + type +
                  "\", not a pre-tokenizer this program knows (ByteLevel, Split, Metaspace, Digits, Whitespace, "
                  "WhitespaceSplit, Punctuation, BertPreTokenizer, CharDelimiterSplit, Sequence)");
}

}  // namespace core
