#pragma once
// Lines of verse in a token sequence, and how much a head looks at the same position of the
// previous line: the pattern of a couplet (對仗), where 天涯若比鄰 answers 海內存知己 character
// by character.
//
//   tokens   <s> 海 內 存 知 己 ， 天 涯 若 比 鄰
//   index     0  1  2  3  4  5  6  7  8  9 10 11
//   lines        [ line 0: s_0 = 1    ] [ line 1: s_1 = 7 ]
//
// A line is a run of tokens ending with its punctuation (，。？！；：、 or , . ? ! ; :); the last
// line may lack it. Leading special tokens (<s>, [CLS]) belong to no line.
//
//   previous line = mean over queries i = s_L + c (line L ≥ 1, column c < |line L−1|) of
//                   α̂_{i, s_{L−1} + c}
//
// the weight each character puts on the character in the same column of the line before: 1 for
// a head that reads only that character, about 1/(i+1) for a uniform causal head.

#include <string>
#include <vector>

#include "tensor/tensor.h"

namespace core {

struct VerseLines {
  std::vector<int> starts;  // s_0 < s_1 < …: each line's first token
  int end = 0;              // one past the last line's last token
  int length(std::size_t line) const {
    return (line + 1 < starts.size() ? starts[line + 1] : end) - starts[line];
  }
};

bool is_line_end_punctuation(const std::string& token);
VerseLines verse_lines(const std::vector<std::string>& tokens);

// The score above; column_offset moves the key along the previous line (1: the character after
// the same column). Queries whose key falls outside the previous line are left out. Throws
// std::invalid_argument when no query qualifies (fewer than two lines) or α̂ is smaller than the
// lines.
double previous_line_score(const RowMatrix& alpha_hat, const VerseLines& lines, int column_offset = 0);

}  // namespace core
