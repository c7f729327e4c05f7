#include "text/precompiled_charsmap.h"

#include <utf8proc.h>

#include <cstring>
#include <stdexcept>

namespace core {

namespace {

// darts-clone's unit layout: bit 8 has_leaf, bits 0-30 value (in a leaf), label in bits 0-7 (bit 31
// set for a leaf, so a leaf never matches a label), offset in bits 10-31 shifted by bit 9.
bool has_leaf(std::uint32_t unit) {
  return ((unit >> 8) & 1U) == 1U;
}
std::uint32_t value(std::uint32_t unit) {
  return unit & ((1U << 31) - 1);
}
std::uint32_t label(std::uint32_t unit) {
  return unit & ((1U << 31) | 0xFFU);
}
std::uint32_t offset(std::uint32_t unit) {
  return (unit >> 10) << ((unit & (1U << 9)) >> 6);
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::size_t utf8_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

}  // namespace

std::string decode_base64(std::string_view text) {
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const int v = base64_value(c);
    if (v < 0) throw std::invalid_argument("is not base64");
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return bytes;
}

PrecompiledCharsmap::PrecompiledCharsmap(std::string_view blob) {
  if (blob.size() < 4) throw std::invalid_argument("is shorter than its 4-byte header");
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(blob[i])); };
  const std::uint32_t trie_size = byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24;
  if (trie_size % 4 != 0 || trie_size == 0 || trie_size > blob.size() - 4) {
    throw std::invalid_argument("has a trie size (" + std::to_string(trie_size) + " bytes) that does not fit");
  }
  units_.resize(trie_size / 4);
  for (std::size_t i = 0; i < units_.size(); ++i) {
    const std::size_t at = 4 + 4 * i;
    units_[i] = byte(at) | byte(at + 1) << 8 | byte(at + 2) << 16 | byte(at + 3) << 24;
  }
  replacements_ = std::string(blob.substr(4 + trie_size));
}

std::optional<std::string_view> PrecompiledCharsmap::transform(std::string_view chunk) const {
  std::size_t node = offset(units_[0]);
  for (char c : chunk) {
    const auto key = static_cast<unsigned char>(c);
    if (key == 0) break;
    node ^= key;
    if (node >= units_.size()) return std::nullopt;
    const std::uint32_t unit = units_[node];
    if (label(unit) != key) return std::nullopt;
    node ^= offset(unit);
    if (node >= units_.size()) return std::nullopt;
    if (has_leaf(unit)) {
      // The first (shortest) prefix wins, as in spm_precompiled's transform.
      const std::size_t begin = value(units_[node]);
      if (begin >= replacements_.size()) return std::nullopt;
      const std::size_t end = replacements_.find('\0', begin);
      return std::string_view(replacements_).substr(begin, end == std::string::npos ? end : end - begin);
    }
  }
  return std::nullopt;
}

std::string PrecompiledCharsmap::normalize(std::string_view text) const {
  std::string normalized;
  normalized.reserve(text.size());
  const auto apply = [&](std::string_view grapheme) {
    if (grapheme.size() < 6) {
      if (const std::optional<std::string_view> replacement = transform(grapheme)) {
        normalized += *replacement;
        return;
      }
    }
    for (std::size_t i = 0; i < grapheme.size();) {
      const std::size_t length = std::min(utf8_length(static_cast<unsigned char>(grapheme[i])), grapheme.size() - i);
      const std::string_view character = grapheme.substr(i, length);
      const std::optional<std::string_view> replacement = transform(character);
      normalized += replacement ? *replacement : character;
      i += length;
    }
  };
  // Extended grapheme clusters, as the unicode-segmentation crate HuggingFace uses finds them.
  std::size_t cluster_begin = 0;
  utf8proc_int32_t previous = -1;
  utf8proc_int32_t state = 0;
  for (std::size_t i = 0; i < text.size();) {
    utf8proc_int32_t c = 0;
    const utf8proc_ssize_t length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                                                     static_cast<utf8proc_ssize_t>(text.size() - i), &c);
    const std::size_t step = length > 0 ? static_cast<std::size_t>(length) : 1;
    if (previous >= 0 && utf8proc_grapheme_break_stateful(previous, c, &state)) {
      apply(text.substr(cluster_begin, i - cluster_begin));
      cluster_begin = i;
    }
    previous = c;
    i += step;
  }
  if (cluster_begin < text.size()) apply(text.substr(cluster_begin));
  return normalized;
}

}  // namespace core
