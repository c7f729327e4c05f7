#include "analysis/whatif/token_alignment.h"

#include <algorithm>

#include "tensor/errors.h"

namespace core {

TokenAlignment identity_alignment(std::size_t before_length, std::size_t after_length) {
  TokenAlignment alignment;
  for (std::size_t i = 0; i < std::min(before_length, after_length); ++i) {
    alignment.before.push_back(static_cast<int>(i));
    alignment.after.push_back(static_cast<int>(i));
  }
  return alignment;
}

TokenAlignment alignment_from_origin(std::span<const int> origin) {
  TokenAlignment alignment;
  for (std::size_t j = 0; j < origin.size(); ++j) {
    if (origin[j] < 0) continue;
    alignment.before.push_back(origin[j]);
    alignment.after.push_back(static_cast<int>(j));
  }
  return alignment;
}

namespace {

// The LCS alignment of n tokens before with m after, same(i, j) saying whether before[i] and
// after[j] may be matched.
template <typename Same>
TokenAlignment longest_common_subsequence(std::size_t n, std::size_t m, const Same& same) {
  constexpr std::size_t limit = std::size_t{64} << 20;
  if ((n + 1) * (m + 1) > limit) {
    throw InputError("cannot align " + std::to_string(n) + " tokens with " + std::to_string(m) +
                     ": the alignment table would need more than 64 M entries; compare shorter texts");
  }
  // L[i][j] = length of the LCS of before[i…] and after[j…]
  //         = L[i+1][j+1] + 1                  when before[i] = after[j]
  //         = max(L[i+1][j], L[i][j+1])        otherwise
  const std::size_t width = m + 1;
  std::vector<int> lcs((n + 1) * width, 0);
  const auto at = [&](std::size_t i, std::size_t j) -> int& { return lcs[i * width + j]; };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = same(i, j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  // walk from the start, matching equal tokens whenever the match is on a longest path
  TokenAlignment alignment;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n && j < m) {
    if (same(i, j) && at(i, j) == at(i + 1, j + 1) + 1) {
      alignment.before.push_back(static_cast<int>(i++));
      alignment.after.push_back(static_cast<int>(j++));
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      ++i;
    } else {
      ++j;
    }
  }
  return alignment;
}

}  // namespace

TokenAlignment align_tokens(std::span<const std::string> before, std::span<const std::string> after) {
  return longest_common_subsequence(before.size(), after.size(),
                                    [&](std::size_t i, std::size_t j) { return before[i] == after[j]; });
}

TokenAlignment align_tokens(std::span<const std::string> before, std::span<const std::string> after,
                            std::span<const int> before_texts, std::span<const int> after_texts) {
  if (before_texts.size() != before.size() || after_texts.size() != after.size()) {
    throw InputError("cannot align two text pairs: " + std::to_string(before.size()) + " and " +
                     std::to_string(after.size()) + " tokens but " + std::to_string(before_texts.size()) + " and " +
                     std::to_string(after_texts.size()) + " sequence ids");
  }
  // equal tokens of the same text (A, B, or both the template's special tokens)
  return longest_common_subsequence(before.size(), after.size(), [&](std::size_t i, std::size_t j) {
    return before_texts[i] == after_texts[j] && before[i] == after[j];
  });
}

}  // namespace core
