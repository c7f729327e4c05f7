// The previous-line metric of docs/head-metrics.md: verse split into lines at their punctuation,
// and the weight each character puts on the same column of the line before.
#include <gtest/gtest.h>

#include <stdexcept>

#include "analysis/verse_lines.h"

namespace {

// <s> 海 內 存 知 己 ， 天 涯 若 比 鄰
const std::vector<std::string> couplet = {"<s>", "海", "內", "存", "知", "己", "，", "天", "涯", "若", "比", "鄰"};

// A causal α̂ with every query's weight on key target(i), or on itself where target(i) is −1.
template <typename Target>
core::RowMatrix one_key_attention(int tokens, Target target) {
  core::RowMatrix alpha_hat = core::RowMatrix::Zero(tokens, tokens);
  for (int i = 0; i < tokens; ++i) {
    const int j = target(i);
    alpha_hat(i, j >= 0 ? j : i) = 1.0f;
  }
  return alpha_hat;
}

TEST(VerseLines, SplitsAtPunctuationAfterTheStartToken) {
  const core::VerseLines lines = core::verse_lines(couplet);
  EXPECT_EQ(lines.starts, (std::vector<int>{1, 7}));
  EXPECT_EQ(lines.end, 12);
  EXPECT_EQ(lines.length(0), 6);  // 海內存知己，
  EXPECT_EQ(lines.length(1), 5);  // 天涯若比鄰 (no closing punctuation)
  // ASCII punctuation, a closing special token, and a line of punctuation only
  const core::VerseLines ascii = core::verse_lines({"a", "b", ",", "c", "d", ".", "</s>"});
  EXPECT_EQ(ascii.starts, (std::vector<int>{0, 3}));
  EXPECT_EQ(ascii.end, 6);
  EXPECT_TRUE(core::is_line_end_punctuation("。"));
  EXPECT_TRUE(core::is_line_end_punctuation("？"));
  EXPECT_FALSE(core::is_line_end_punctuation("海"));
}

TEST(VerseLines, AHeadOnTheSameColumnScoresOne) {
  // 天 → 海, 涯 → 內, 若 → 存, 比 → 知, 鄰 → 己: query 7 + c reads key 1 + c
  const core::RowMatrix alpha_hat = one_key_attention(12, [](int i) { return i >= 7 ? i - 6 : -1; });
  EXPECT_DOUBLE_EQ(core::previous_line_score(alpha_hat, core::verse_lines(couplet)), 1.0);
  // one column later along the previous line, the same head scores 0
  EXPECT_DOUBLE_EQ(core::previous_line_score(alpha_hat, core::verse_lines(couplet), 1), 0.0);
}

TEST(VerseLines, PreviousTokenAndUniformHeadsScoreLow) {
  const core::VerseLines lines = core::verse_lines(couplet);
  const core::RowMatrix previous_token = one_key_attention(12, [](int i) { return i > 0 ? i - 1 : 0; });
  EXPECT_DOUBLE_EQ(core::previous_line_score(previous_token, lines), 0.0);
  // uniform causal attention: query i gives 1/(i+1) to every key; queries 7 … 11
  core::RowMatrix uniform = core::RowMatrix::Zero(12, 12);
  for (int i = 0; i < 12; ++i) uniform.row(i).head(i + 1).setConstant(1.0f / static_cast<float>(i + 1));
  const double want = (1.0 / 8 + 1.0 / 9 + 1.0 / 10 + 1.0 / 11 + 1.0 / 12) / 5;
  EXPECT_NEAR(core::previous_line_score(uniform, lines), want, 1e-6);
}

TEST(VerseLines, OnlyColumnsThePreviousLineHasCount) {
  // 天涯 (2 tokens) after 海內存知己， (6): a third line 若比鄰 longer than the second reads only
  // its first two columns
  const std::vector<std::string> tokens = {"海", "內", "存", "知", "己", "，", "天", "涯", "，", "若", "比", "鄰", "。"};
  const core::VerseLines lines = core::verse_lines(tokens);
  ASSERT_EQ(lines.starts, (std::vector<int>{0, 6, 9}));
  // every query on the same column of its previous line where there is one
  const core::RowMatrix alpha_hat = one_key_attention(13, [](int i) {
    if (i >= 6 && i < 9) return i - 6;
    if (i >= 9 && i < 12) return i - 3;
    return -1;
  });
  // line 1: 3 queries (天 涯 ，), all on column; line 2: columns 0–2 of a 3-token line: 3 queries
  EXPECT_DOUBLE_EQ(core::previous_line_score(alpha_hat, lines), 1.0);
}

TEST(VerseLines, OneLineOrASmallMatrixIsAnError) {
  const std::vector<std::string> one_line = {"<s>", "海", "內", "存"};
  EXPECT_THROW(core::previous_line_score(core::RowMatrix::Identity(4, 4), core::verse_lines(one_line)),
               std::invalid_argument);
  EXPECT_THROW(core::previous_line_score(core::RowMatrix::Identity(5, 5), core::verse_lines(couplet)),
               std::invalid_argument);
}

}  // namespace
