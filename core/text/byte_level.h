#pragma once
// GPT-2's byte-level alphabet, shared by GPT2Tokenizer and tokenizer.json's ByteLevel components:
// every byte b gets a printable character B(b) (" " → "Ġ", "\n" → "Ċ", "é" = C3 A9 → "Ã©"), so
// every text has a spelling in 256 base symbols and nothing is ever unknown.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace core {

// B(b) for b = 0 … 255 as a code point.
const std::array<char32_t, 256>& byte_level_code_points();
// The text's bytes spelt in B: "Hi there" → "HiĠthere".
std::string to_byte_level(std::string_view bytes);
// B⁻¹(c), or nothing for a character outside the alphabet.
std::optional<unsigned char> byte_level_byte(char32_t c);

}  // namespace core
