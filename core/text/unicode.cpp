#include "text/unicode.h"

#include <utf8proc.h>

#include <cstdlib>
#include <initializer_list>
#include <memory>

namespace core {

namespace {

// Length of the maximal ill-formed subsequence at the start of bytes (which utf8proc rejected):
// the lead byte plus the continuation bytes that were still valid for it. One U+FFFD replaces it.
std::size_t ill_formed_length(std::string_view bytes) {
  const auto lead = static_cast<unsigned char>(bytes[0]);
  std::size_t continuations = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuations = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuations = 2;
    if (lead == 0xE0) low = 0xA0;   // shorter forms are overlong
    if (lead == 0xED) high = 0x9F;  // U+D800..U+DFFF are surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuations = 3;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // beyond U+10FFFF
  }
  std::size_t length = 1;
  while (length <= continuations && length < bytes.size()) {
    const auto byte = static_cast<unsigned char>(bytes[length]);
    if (byte < low || byte > high) break;
    low = 0x80;
    high = 0xBF;
    ++length;
  }
  return length;
}

bool has_category(char32_t c, std::initializer_list<utf8proc_category_t> categories) {
  const utf8proc_category_t category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  for (utf8proc_category_t wanted : categories) {
    if (category == wanted) return true;
  }
  return false;
}

std::u32string normalize(std::u32string_view text, utf8proc_option_t options) {
  const std::string bytes = encode_utf8(text);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(bytes.data()),
                                               static_cast<utf8proc_ssize_t>(bytes.size()), &mapped, options);
  // utf8proc allocates the result with malloc.
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  // Only an allocation failure can get here: the input was encoded from scalar values.
  if (length < 0) return std::u32string(text);
  return decode_utf8(std::string_view(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length)));
}

}  // namespace

std::u32string decode_utf8(std::string_view bytes) {
  std::u32string code_points;
  code_points.reserve(bytes.size());
  const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
  std::size_t i = 0;
  while (i < bytes.size()) {
    utf8proc_int32_t code_point = 0;
    const utf8proc_ssize_t length =
        utf8proc_iterate(data + i, static_cast<utf8proc_ssize_t>(bytes.size() - i), &code_point);
    if (length > 0) {
      code_points.push_back(static_cast<char32_t>(code_point));
      i += static_cast<std::size_t>(length);
    } else {
      code_points.push_back(replacement_character);
      i += ill_formed_length(bytes.substr(i));
    }
  }
  return code_points;
}

std::string encode_utf8(char32_t code_point) {
  if (!utf8proc_codepoint_valid(static_cast<utf8proc_int32_t>(code_point))) code_point = replacement_character;
  utf8proc_uint8_t buffer[4];
  const utf8proc_ssize_t length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(code_point), buffer);
  return std::string(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string bytes;
  bytes.reserve(code_points.size());
  for (char32_t c : code_points) bytes += encode_utf8(c);
  return bytes;
}

std::string sanitize_utf8(std::string_view bytes) {
  return encode_utf8(decode_utf8(bytes));
}

bool is_whitespace(char32_t c) {
  if (c == U' ' || c == U'\t' || c == U'\n' || c == U'\r') return true;
  return has_category(c, {UTF8PROC_CATEGORY_ZS});
}

bool is_unicode_whitespace(char32_t c) {
  if ((c >= U'\t' && c <= U'\r') || c == U' ' || c == U'\u0085') return true;
  return has_category(c, {UTF8PROC_CATEGORY_ZS, UTF8PROC_CATEGORY_ZL, UTF8PROC_CATEGORY_ZP});
}

bool is_control(char32_t c) {
  if (c == U'\t' || c == U'\n' || c == U'\r') return false;
  return has_category(c, {UTF8PROC_CATEGORY_CC, UTF8PROC_CATEGORY_CF, UTF8PROC_CATEGORY_CS, UTF8PROC_CATEGORY_CO,
                          UTF8PROC_CATEGORY_CN});
}

bool is_punctuation(char32_t c) {
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  return has_category(c, {UTF8PROC_CATEGORY_PC, UTF8PROC_CATEGORY_PD, UTF8PROC_CATEGORY_PS, UTF8PROC_CATEGORY_PE,
                          UTF8PROC_CATEGORY_PI, UTF8PROC_CATEGORY_PF, UTF8PROC_CATEGORY_PO});
}

bool is_cjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool is_letter(char32_t c) {
  return has_category(c, {UTF8PROC_CATEGORY_LU, UTF8PROC_CATEGORY_LL, UTF8PROC_CATEGORY_LT, UTF8PROC_CATEGORY_LM,
                          UTF8PROC_CATEGORY_LO});
}

bool is_number(char32_t c) {
  return has_category(c, {UTF8PROC_CATEGORY_ND, UTF8PROC_CATEGORY_NL, UTF8PROC_CATEGORY_NO});
}

bool is_nonspacing_mark(char32_t c) {
  return has_category(c, {UTF8PROC_CATEGORY_MN});
}

char32_t to_lower(char32_t c) {
  return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
}

std::u32string to_lower(std::u32string_view text) {
  std::u32string lower(text);
  for (char32_t& c : lower) c = to_lower(c);
  return lower;
}

std::u32string nfc(std::u32string_view text) {
  return normalize(text, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
}

std::u32string nfd(std::u32string_view text) {
  return normalize(text, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE));
}

std::u32string nfkc(std::u32string_view text) {
  return normalize(text, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
}

std::u32string nfkd(std::u32string_view text) {
  return normalize(text, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT));
}

std::u32string strip_accents(std::u32string_view text) {
  std::u32string stripped;
  for (char32_t c : nfd(text)) {
    if (!has_category(c, {UTF8PROC_CATEGORY_MN})) stripped.push_back(c);
  }
  return stripped;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  // Built anew rather than replaced in place: GCC 12 warns falsely (-Wrestrict) on string::replace.
  std::string replaced;
  std::size_t copied = 0;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + from.size())) {
    replaced.append(text, copied, at - copied);
    replaced += to;
    copied = at + from.size();
  }
  replaced.append(text, copied);
  text = std::move(replaced);
}

}  // namespace core
