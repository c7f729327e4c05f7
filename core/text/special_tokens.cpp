#include "text/special_tokens.h"

#include "text/unicode.h"

namespace core {

namespace {

bool is_continuation_byte(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

std::string_view trim_leading_whitespace(std::string_view text) {
  while (!text.empty()) {
    std::size_t length = 1;
    while (length < text.size() && is_continuation_byte(text[length])) ++length;
    if (!is_unicode_whitespace(decode_utf8(text.substr(0, length))[0])) break;
    text.remove_prefix(length);
  }
  return text;
}

std::string_view trim_trailing_whitespace(std::string_view text) {
  while (!text.empty()) {
    std::size_t start = text.size() - 1;
    while (start > 0 && is_continuation_byte(text[start])) --start;
    if (!is_unicode_whitespace(decode_utf8(text.substr(start))[0])) break;
    text.remove_suffix(text.size() - start);
  }
  return text;
}

const SpecialToken* longest_match_at(std::string_view text, std::span<const SpecialToken> specials) {
  const SpecialToken* match = nullptr;
  for (const SpecialToken& special : specials) {
    if (special.text.empty() || !text.starts_with(special.text)) continue;
    if (match == nullptr || special.text.size() > match->text.size()) match = &special;
  }
  return match;
}

}  // namespace

std::vector<TextSegment> split_at_special_tokens(std::string_view text, std::span<const SpecialToken> specials) {
  std::vector<TextSegment> segments;
  std::size_t plain_begin = 0;
  bool strip_leading = false;  // the special token before this plain segment has rstrip
  const auto add_plain = [&](std::string_view plain, bool strip_trailing) {
    if (strip_leading) plain = trim_leading_whitespace(plain);
    if (strip_trailing) plain = trim_trailing_whitespace(plain);
    if (!plain.empty()) segments.push_back({plain, nullptr});
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const SpecialToken* special = longest_match_at(text.substr(i), specials);
    if (special == nullptr) {
      ++i;
      continue;
    }
    add_plain(text.substr(plain_begin, i - plain_begin), special->lstrip);
    segments.push_back({text.substr(i, special->text.size()), special});
    i += special->text.size();
    plain_begin = i;
    strip_leading = special->rstrip;
  }
  add_plain(text.substr(plain_begin), false);
  return segments;
}

}  // namespace core
