#include "text/byte_level.h"

#include "text/unicode.h"

namespace core {

namespace {

// The printable Latin-1 bytes ("!".."~", "¡".."¬", "®".."ÿ") stand for themselves; the other 68
// (controls, space, NBSP, soft hyphen) take U+0100, U+0101, … in byte order, so no symbol is
// white space or invisible.
std::array<char32_t, 256> make_code_points() {
  std::array<char32_t, 256> code_points{};
  char32_t next = 256;
  for (unsigned b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    code_points[b] = printable ? static_cast<char32_t>(b) : next++;
  }
  return code_points;
}

struct Tables {
  std::array<char32_t, 256> code_points = make_code_points();
  std::array<std::string, 256> symbols;      // B(b) as UTF-8
  std::array<unsigned char, 68> moved_bytes{};  // b for B(b) = U+0100 + i
  Tables() {
    for (unsigned b = 0; b < 256; ++b) {
      symbols[b] = encode_utf8(code_points[b]);
      if (code_points[b] >= 0x100) moved_bytes[code_points[b] - 0x100] = static_cast<unsigned char>(b);
    }
  }
};

// Constant tables computed once; they hold no state that changes.
const Tables& tables() {
  static const Tables instance;
  return instance;
}

}  // namespace

const std::array<char32_t, 256>& byte_level_code_points() {
  return tables().code_points;
}

std::string to_byte_level(std::string_view bytes) {
  std::string spelt;
  spelt.reserve(bytes.size() * 2);
  for (char byte : bytes) spelt += tables().symbols[static_cast<unsigned char>(byte)];
  return spelt;
}

std::optional<unsigned char> byte_level_byte(char32_t c) {
  // B maps 0x21..0x7E, 0xA1..0xAC, 0xAE..0xFF to themselves and the rest to U+0100..U+0143.
  if ((c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF)) {
    return static_cast<unsigned char>(c);
  }
  if (c >= 0x100 && c < 0x100 + 68) return tables().moved_bytes[c - 0x100];
  return std::nullopt;
}

}  // namespace core
