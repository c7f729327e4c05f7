#include "text/added_tokens.h"

#include "text/unicode.h"

namespace core {

namespace {

// The code point that ends / starts a UTF-8 text, and how many bytes it takes.
std::pair<char32_t, std::size_t> last_character(std::string_view text) {
  std::size_t start = text.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  return {decode_utf8(text.substr(start))[0], text.size() - start};
}

std::pair<char32_t, std::size_t> first_character(std::string_view text) {
  std::size_t length = 1;
  while (length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80) ++length;
  return {decode_utf8(text.substr(0, length))[0], length};
}

// Rust's char::is_alphanumeric, which decides single_word.
bool is_word_character(char32_t c) {
  return is_letter(c) || is_number(c);
}

const AddedToken* longest_at(std::string_view text, std::span<const AddedToken* const> tokens) {
  const AddedToken* match = nullptr;
  for (const AddedToken* token : tokens) {
    if (token->content.empty() || !text.starts_with(token->content)) continue;
    if (match == nullptr || token->content.size() > match->content.size()) match = token;
  }
  return match;
}

}  // namespace

std::vector<AddedTokenMatch> find_added_tokens(std::string_view text, std::span<const AddedToken* const> tokens) {
  std::vector<AddedTokenMatch> matches;
  if (tokens.empty()) return matches;
  // Candidates by first byte, so that a text is scanned once however many tokens there are
  // (Mistral NeMo has 1000).
  std::vector<std::vector<const AddedToken*>> by_first_byte(256);
  for (const AddedToken* token : tokens) {
    if (!token->content.empty()) by_first_byte[static_cast<unsigned char>(token->content[0])].push_back(token);
  }
  std::size_t previous_end = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const AddedToken* token = longest_at(text.substr(i), by_first_byte[static_cast<unsigned char>(text[i])]);
    if (token == nullptr) {
      ++i;
      continue;
    }
    std::size_t begin = i;
    std::size_t end = i + token->content.size();
    i = end;
    if (token->single_word) {
      const bool word_before = begin > 0 && is_word_character(last_character(text.substr(0, begin)).first);
      const bool word_after = end < text.size() && is_word_character(first_character(text.substr(end)).first);
      if (word_before || word_after) continue;
    }
    if (token->lstrip) {
      // Never back into the previous match, which may have taken the same spaces.
      while (begin > previous_end) {
        const auto [c, length] = last_character(text.substr(0, begin));
        if (!is_unicode_whitespace(c)) break;
        begin -= length;
      }
    }
    if (token->rstrip) {
      while (end < text.size()) {
        const auto [c, length] = first_character(text.substr(end));
        if (!is_unicode_whitespace(c)) break;
        end += length;
      }
      i = end;
    }
    matches.push_back({begin, end, token});
    previous_end = end;
  }
  return matches;
}

}  // namespace core
