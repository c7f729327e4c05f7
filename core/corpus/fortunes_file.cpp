#include "corpus/fortunes_file.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "tensor/errors.h"
#include "text/unicode.h"

namespace core {

namespace {

constexpr char escape = '\x1b';

// Spaces, tabs, a "\r" of a CRLF line end and ideographic spaces (U+3000) around a line.
std::string trimmed(std::string_view line) {
  constexpr std::string_view ideographic_space = "\u3000";
  const auto ascii_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  for (;;) {
    if (!line.empty() && ascii_space(line.front())) line.remove_prefix(1);
    else if (line.starts_with(ideographic_space)) line.remove_prefix(ideographic_space.size());
    else break;
  }
  for (;;) {
    if (!line.empty() && ascii_space(line.back())) line.remove_suffix(1);
    else if (line.ends_with(ideographic_space)) line.remove_suffix(ideographic_space.size());
    else break;
  }
  return std::string(line);
}

// The value after a header label such as 作者：or 题目: (full-width or ASCII colon), or empty
// when the line does not start with the label.
std::optional<std::string> header_value(std::string_view line, std::string_view label) {
  if (!line.starts_with(label)) return std::nullopt;
  line.remove_prefix(label.size());
  for (const std::string_view colon : {std::string_view("："), std::string_view(":")}) {
    if (line.starts_with(colon)) return trimmed(line.substr(colon.size()));
  }
  return std::nullopt;
}

// 《title》 → title
std::string without_title_marks(std::string title) {
  constexpr std::string_view open = "《";
  constexpr std::string_view close = "》";
  if (title.starts_with(open)) title.erase(0, open.size());
  if (title.ends_with(close)) {
    title.erase(title.size() - close.size());
  }
  return title;
}

}  // namespace

std::string strip_terminal_codes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == escape && i + 1 < text.size() && text[i + 1] == '[') {
      // ESC [ then parameter bytes (digits, ';') up to the final letter, which ends the sequence
      std::size_t j = i + 2;
      while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == ';')) ++j;
      if (j < text.size() && ((text[j] >= 'A' && text[j] <= 'Z') || (text[j] >= 'a' && text[j] <= 'z'))) {
        i = j;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::vector<FortunePoem> parse_fortunes(std::string_view text, const std::string& file) {
  std::vector<FortunePoem> poems;
  FortunePoem entry;
  bool separator_seen = false;
  long long line_number = 0;
  const auto finish_entry = [&] {
    if (!entry.lines.empty()) poems.push_back(std::move(entry));
    entry = FortunePoem{};
  };
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view raw = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (sanitize_utf8(raw) != raw) {
      throw InputError(file + ": line " + std::to_string(line_number) +
                       " is not valid UTF-8 (a fortunes file of Chinese verse is UTF-8 text)");
    }
    const std::string line = trimmed(strip_terminal_codes(raw));
    if (line == "%") {
      separator_seen = true;
      finish_entry();
      continue;
    }
    if (line.empty()) continue;
    if (entry.first_line == 0) entry.first_line = line_number;
    // The two header lines come before the verse: 《title》 or 题目:《title》, then 作者：name.
    if (entry.lines.empty()) {
      if (const auto title = header_value(line, "题目")) {
        entry.title = without_title_marks(*title);
        continue;
      }
      if (const auto title = header_value(line, "題目")) {
        entry.title = without_title_marks(*title);
        continue;
      }
      if (line.starts_with("《") && entry.title.empty() && entry.author.empty()) {
        entry.title = without_title_marks(line);
        continue;
      }
      if (const auto author = header_value(line, "作者")) {
        entry.author = *author;
        continue;
      }
    }
    entry.lines.push_back(line);
  }
  finish_entry();
  if (!separator_seen) {
    throw InputError(file + ": not a fortunes file: no line holds only \"%\", the separator between entries");
  }
  if (poems.empty()) throw InputError(file + ": the fortunes file has no entry with verse, only headers");
  return poems;
}

std::vector<FortunePoem> read_fortunes_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open the fortunes file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path.string() + ": cannot read the fortunes file");
  return parse_fortunes(text.str(), path.string());
}

}  // namespace core
