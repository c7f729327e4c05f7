#include "analysis/verse_lines.h"

#include <array>
#include <stdexcept>
#include <string_view>

#include "analysis/head_analysis.h"

namespace core {

bool is_line_end_punctuation(const std::string& token) {
  static constexpr std::array<std::string_view, 13> marks = {"，", "。", "？", "！", "；", "：", "、",
                                                             ",",  ".",  "?",  "!",  ";",  ":"};
  for (const std::string_view mark : marks) {
    if (token == mark) return true;
  }
  return false;
}

VerseLines verse_lines(const std::vector<std::string>& tokens) {
  VerseLines lines;
  std::size_t i = 0;
  while (i < tokens.size() && is_special_token(tokens[i])) ++i;
  bool line_open = false;
  for (; i < tokens.size(); ++i) {
    if (is_special_token(tokens[i])) break;  // a closing </s> or [SEP] ends the verse
    if (!line_open) {
      lines.starts.push_back(static_cast<int>(i));
      line_open = true;
    }
    if (is_line_end_punctuation(tokens[i])) line_open = false;
  }
  lines.end = static_cast<int>(i);
  return lines;
}

double previous_line_score(const RowMatrix& alpha_hat, const VerseLines& lines, int column_offset) {
  if (lines.end > alpha_hat.rows() || lines.end > alpha_hat.cols()) {
    throw std::invalid_argument("previous_line_score: the attention matrix is smaller than the lines");
  }
  double total = 0.0;
  int queries = 0;
  for (std::size_t line = 1; line < lines.starts.size(); ++line) {
    const int previous_start = lines.starts[line - 1];
    const int previous_length = lines.length(line - 1);
    for (int c = 0; c < lines.length(line); ++c) {
      const int column = c + column_offset;
      if (column < 0 || column >= previous_length) continue;
      // query s_L + c reads key s_{L−1} + c (+ offset)
      total += alpha_hat(lines.starts[line] + c, previous_start + column);
      ++queries;
    }
  }
  if (queries == 0) throw std::invalid_argument("previous_line_score: the input has fewer than two lines of verse");
  return total / queries;
}

}  // namespace core
