#include "cli_table_text.h"

namespace cli {

std::string printable(const std::string& token) {
  std::string shown;
  for (const char c : token) {
    if (c == '\n')
      shown += "\\n";
    else if (c == '\t')
      shown += "\\t";
    else if (c == '\r')
      shown += "\\r";
    else if (c == ' ')
      shown += "\u2423";  // ␣
    else if (static_cast<unsigned char>(c) < 0x20)
      shown += "\\x" + std::to_string(static_cast<int>(c));
    else
      shown += c;
  }
  return shown;
}

std::string padded(const std::string& text, std::size_t width) {
  std::size_t characters = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;  // not a continuation byte
  }
  return text + std::string(characters < width ? width - characters : 1, ' ');
}

}  // namespace cli
