#include "text/tokenizer_json_normalizers.h"

#include <stdexcept>
#include <utility>
#include <vector>

#include "text/byte_level.h"
#include "text/precompiled_charsmap.h"
#include "text/tokenizer_json_pattern.h"
#include "text/unicode.h"

namespace core {

namespace {

enum class Form { Nfc, Nfd, Nfkc, Nfkd };

class UnicodeForm : public Normalizer {
 public:
  explicit UnicodeForm(Form form) : form_(form) {}
  std::string normalize(std::string text) const override {
    const std::u32string code_points = decode_utf8(text);
    switch (form_) {
      case Form::Nfc: return encode_utf8(nfc(code_points));
      case Form::Nfd: return encode_utf8(nfd(code_points));
      case Form::Nfkc: return encode_utf8(nfkc(code_points));
      case Form::Nfkd: return encode_utf8(nfkd(code_points));
    }
    return text;
  }

 private:
  Form form_;
};

// Rust's char::to_lowercase, one character at a time: the simple mapping, except U+0130 "İ",
// the one character whose lowercase is two ("i" + U+0307). No final-sigma rule: it needs context.
std::u32string lowercase(std::u32string_view text) {
  std::u32string lower;
  lower.reserve(text.size());
  for (char32_t c : text) {
    if (c == U'\u0130') {
      lower += U"i\u0307";
    } else {
      lower.push_back(to_lower(c));
    }
  }
  return lower;
}

class Lowercase : public Normalizer {
 public:
  std::string normalize(std::string text) const override { return encode_utf8(lowercase(decode_utf8(text))); }
};

class StripAccents : public Normalizer {
 public:
  std::string normalize(std::string text) const override {
    std::u32string kept;
    for (char32_t c : decode_utf8(text)) {
      if (!is_nonspacing_mark(c)) kept.push_back(c);
    }
    return encode_utf8(kept);
  }
};

class Replace : public Normalizer {
 public:
  Replace(UnicodeRegex pattern, std::string content) : pattern_(std::move(pattern)), content_(std::move(content)) {}
  std::string normalize(std::string text) const override { return pattern_.replace_all(text, content_); }

 private:
  UnicodeRegex pattern_;
  std::string content_;
};

class Prepend : public Normalizer {
 public:
  explicit Prepend(std::string prefix) : prefix_(std::move(prefix)) {}
  // Only a non-empty text: an empty stretch between two added tokens stays empty.
  std::string normalize(std::string text) const override { return text.empty() ? text : prefix_ + text; }

 private:
  std::string prefix_;
};

class Strip : public Normalizer {
 public:
  Strip(bool left, bool right) : left_(left), right_(right) {}
  std::string normalize(std::string text) const override {
    const std::u32string code_points = decode_utf8(text);
    std::size_t begin = 0;
    std::size_t end = code_points.size();
    if (left_) {
      while (begin < end && is_unicode_whitespace(code_points[begin])) ++begin;
    }
    if (right_) {
      while (end > begin && is_unicode_whitespace(code_points[end - 1])) --end;
    }
    return encode_utf8(std::u32string_view(code_points).substr(begin, end - begin));
  }

 private:
  bool left_;
  bool right_;
};

// HuggingFace's BertNormalizer, in its order: clean, pad CJK, strip accents, lower-case.
class BertNormalizer : public Normalizer {
 public:
  BertNormalizer(bool clean_text, bool handle_chinese_chars, bool strip_accents, bool lowercase)
      : clean_text_(clean_text),
        handle_chinese_chars_(handle_chinese_chars),
        strip_accents_(strip_accents),
        lowercase_(lowercase) {}

  std::string normalize(std::string text) const override {
    std::u32string code_points;
    for (char32_t c : decode_utf8(text)) {
      if (clean_text_) {
        // U+FFFD goes with the control characters: it marks bytes that were not text.
        if (c == 0 || c == replacement_character || is_control(c)) continue;
        if (is_unicode_whitespace(c)) c = U' ';
      }
      if (handle_chinese_chars_ && is_cjk(c)) {
        code_points += {U' ', c, U' '};
      } else {
        code_points.push_back(c);
      }
    }
    if (strip_accents_) {
      std::u32string kept;
      for (char32_t c : nfd(code_points)) {
        if (!is_nonspacing_mark(c)) kept.push_back(c);
      }
      code_points = std::move(kept);
    }
    if (lowercase_) code_points = lowercase(code_points);
    return encode_utf8(code_points);
  }

 private:
  bool clean_text_;
  bool handle_chinese_chars_;
  bool strip_accents_;
  bool lowercase_;
};

class Precompiled : public Normalizer {
 public:
  explicit Precompiled(PrecompiledCharsmap charsmap) : charsmap_(std::move(charsmap)) {}
  std::string normalize(std::string text) const override { return charsmap_.normalize(text); }

 private:
  PrecompiledCharsmap charsmap_;
};

class ByteLevelNormalizer : public Normalizer {
 public:
  std::string normalize(std::string text) const override { return to_byte_level(text); }
};

class Sequence : public Normalizer {
 public:
  explicit Sequence(std::vector<std::unique_ptr<const Normalizer>> steps) : steps_(std::move(steps)) {}
  std::string normalize(std::string text) const override {
    for (const auto& step : steps_) text = step->normalize(std::move(text));
    return text;
  }

 private:
  std::vector<std::unique_ptr<const Normalizer>> steps_;
};

std::unique_ptr<const Normalizer> parse_precompiled(const JsonPlace& place) {
  const JsonPlace map = place.at("precompiled_charsmap");
  // An empty map (a model without normalisation rules) changes nothing.
  if (map.string().empty()) return std::make_unique<Sequence>(std::vector<std::unique_ptr<const Normalizer>>{});
  try {
    return std::make_unique<Precompiled>(PrecompiledCharsmap(decode_base64(map.string())));
  } catch (const std::invalid_argument& error) {
    map.fail(error.what());
  }
}

}  // namespace

std::unique_ptr<const Normalizer> parse_normalizer(const JsonPlace& place) {
  const JsonPlace type_place = place.at("type");
  const std::string type = type_place.string();
  if (type == "NFC") return std::make_unique<UnicodeForm>(Form::Nfc);
  if (type == "NFD") return std::make_unique<UnicodeForm>(Form::Nfd);
  if (type == "NFKC") return std::make_unique<UnicodeForm>(Form::Nfkc);
  if (type == "NFKD") return std::make_unique<UnicodeForm>(Form::Nfkd);
  if (type == "Lowercase") return std::make_unique<Lowercase>();
  if (type == "StripAccents") return std::make_unique<StripAccents>();
  if (type == "Replace") return std::make_unique<Replace>(parse_pattern(place.at("pattern")), place.at("content").string());
  if (type == "Prepend") return std::make_unique<Prepend>(place.at("prepend").string());
  if (type == "Strip") return std::make_unique<Strip>(place.boolean_or("strip_left", true), place.boolean_or("strip_right", true));
  if (type == "BertNormalizer") {
    const bool lowercase = place.boolean_or("lowercase", true);
    // strip_accents null: follow lowercase, as BERT's uncased models do.
    return std::make_unique<BertNormalizer>(place.boolean_or("clean_text", true),
                                            place.boolean_or("handle_chinese_chars", true),
                                            place.boolean_or("strip_accents", lowercase), lowercase);
  }
  if (type == "Precompiled") return parse_precompiled(place);
  if (type == "ByteLevel") return std::make_unique<ByteLevelNormalizer>();
  if (type == "Sequence") {
    const JsonPlace list = place.at("normalizers");
    std::vector<std::unique_ptr<const Normalizer>> steps;
    for (std::size_t i = 0; i < list.size(); ++i) steps.push_back(parse_normalizer(list.at(i)));
    return std::make_unique<Sequence>(std::move(steps));
  }
  type_place.fail("is \"" + type +
                  "\", not a normalizer this program knows (NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Replace, "
                  "Prepend, Strip, BertNormalizer, Precompiled, ByteLevel, Sequence)");
}

}  // namespace core
