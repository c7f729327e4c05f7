#include "text/unicode_regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdexcept>

namespace core {

struct UnicodeRegex::Code {
  pcre2_code* code = nullptr;
  ~Code() { pcre2_code_free(code); }
};

namespace {

std::string escape(std::string_view text) {
  // \Q…\E quotes everything but "\E" itself, which is split so it cannot end the quote.
  std::string quoted = "\\Q";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i).starts_with("\\E")) {
      quoted += "\\E\\\\E\\Q";
      ++i;
    } else {
      quoted += text[i];
    }
  }
  return quoted + "\\E";
}

std::size_t utf8_length_at(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return std::min(length, text.size() - i);
}

}  // namespace

UnicodeRegex::UnicodeRegex(std::string_view pattern) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  // UCP: \s, \w, \d and [[:alpha:]] use Unicode properties, as Oniguruma's do on UTF-8 text.
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF | PCRE2_UCP, &error, &offset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    throw std::invalid_argument(std::string(reinterpret_cast<const char*>(message)) + " at offset " +
                                std::to_string(offset));
  }
  auto owner = std::make_shared<Code>();
  owner->code = code;
  code_ = std::move(owner);
}

UnicodeRegex UnicodeRegex::literal(std::string_view text) {
  return UnicodeRegex(escape(text));
}

std::vector<ByteRange> UnicodeRegex::find_all(std::string_view text) const {
  // Match data per call, so that one compiled pattern serves several threads.
  const std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> data(
      pcre2_match_data_create_from_pattern(code_->code, nullptr), &pcre2_match_data_free);
  std::vector<ByteRange> matches;
  if (!data) return matches;
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  std::size_t start = 0;
  std::size_t previous_end = static_cast<std::size_t>(-1);
  while (start <= text.size()) {
    const int found = pcre2_match(code_->code, subject, text.size(), start, PCRE2_NO_UTF_CHECK, data.get(), nullptr);
    if (found < 0) break;  // no match, or a resource limit: either way no further matches
    const PCRE2_SIZE* vector = pcre2_get_ovector_pointer(data.get());
    const ByteRange match{vector[0], vector[1]};
    if (match.begin == match.end) {
      if (match.begin != previous_end) matches.push_back(match);
      if (match.end >= text.size()) break;
      start = match.end + utf8_length_at(text, match.end);
    } else {
      matches.push_back(match);
      start = match.end;
    }
    previous_end = match.end;
  }
  return matches;
}

std::string UnicodeRegex::replace_all(std::string_view text, std::string_view content) const {
  std::string replaced;
  std::size_t copied = 0;
  for (const ByteRange& match : find_all(text)) {
    replaced += text.substr(copied, match.begin - copied);
    replaced += content;
    copied = match.end;
  }
  replaced += text.substr(copied);
  return replaced;
}

}  // namespace core
