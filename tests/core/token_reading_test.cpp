// Reading attention as text (docs/reading.md): pieces merged into words (keys summed, queries
// averaged), hidden tokens with rows rescaled, on hand-made matrices checked against float64
// sums written here, and each tokenizer family's word boundaries on the real test models.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "analysis/head_analysis.h"
#include "analysis/reading/token_reading.h"
#include "analysis/reading/word_groups.h"
#include "tensor/errors.h"
#include "text/tokenizer_loader.h"

namespace {

const std::filesystem::path data_dir = ATTNSCOPE_TEST_DATA;

std::vector<std::vector<int>> members_of(const core::TokenGroups& groups) {
  std::vector<std::vector<int>> members;
  for (int g = 0; g < groups.size(); ++g) {
    members.emplace_back();
    for (int t = groups.start(g); t < groups.end(g); ++t) members.back().push_back(t);
  }
  return members;
}

// A (T, T) matrix whose rows sum to 1, with distinct entries: row i ∝ (i + 1)·(j + 2) + j².
core::RowMatrix distinct_rows(int t) {
  core::RowMatrix m(t, t);
  for (int i = 0; i < t; ++i) {
    for (int j = 0; j < t; ++j) m(i, j) = static_cast<float>((i + 1) * (j + 2) + j * j);
    m.row(i) /= m.row(i).sum();
  }
  return m;
}

TEST(WordGroups, WordPieceContinuesOnHashes) {
  const std::vector<std::string> tokens = {"[CLS]", "the", "play", "##ing", "##s", "cat", "[SEP]"};
  const core::TokenGroups words = core::word_groups(tokens);
  EXPECT_EQ(members_of(words), (std::vector<std::vector<int>>{{0}, {1}, {2, 3, 4}, {5}, {6}}));
  EXPECT_EQ(words.labels, (std::vector<std::string>{"[CLS]", "the", "playings", "cat", "[SEP]"}));
  EXPECT_EQ(words.group_of(3), 2);
  EXPECT_EQ(words.group_of(6), 4);
}

TEST(WordGroups, ByteLevelAndMetaspaceStartWordsOnTheirSpaceMark) {
  const std::vector<std::string> gpt2 = {"<|endoftext|>", "Hello", "Ġwor", "ld", "Ġcaf", "Ã©"};
  const core::TokenGroups bpe = core::word_groups(gpt2);
  EXPECT_EQ(members_of(bpe), (std::vector<std::vector<int>>{{0}, {1}, {2, 3}, {4, 5}}));
  EXPECT_EQ(bpe.labels, (std::vector<std::string>{"<|endoftext|>", "Hello", "world", "café"}));

  // SentencePiece with byte fallback: 天 (E5 A4 A9) is not in the vocabulary
  const std::vector<std::string> llama = {"<s>", "▁Le", "▁ch", "at", "▁", "<0xE5>", "<0xA4>", "<0xA9>", "</s>"};
  const core::TokenGroups sp = core::word_groups(llama);
  EXPECT_EQ(members_of(sp), (std::vector<std::vector<int>>{{0}, {1}, {2, 3}, {4, 5, 6, 7}, {8}}));
  EXPECT_EQ(sp.labels, (std::vector<std::string>{"<s>", "Le", "chat", "天", "</s>"}));
  // a byte piece is not a special token (nor a sink)
  EXPECT_FALSE(core::is_special_token("<0xE5>"));
  EXPECT_EQ(core::detect_word_markers(llama), core::WordMarkers::Metaspace);
}

TEST(WordGroups, TokensWithoutMarksAreWordsEach) {
  const std::vector<std::string> tokens = {"<s>", "the", "cat", "sat", "</s>"};
  EXPECT_EQ(core::detect_word_markers(tokens), core::WordMarkers::EveryToken);
  EXPECT_EQ(core::word_groups(tokens).size(), 5);
}

// The rule on a hand-computed case: 4 tokens, words {0}, {1, 2}, {3}.
TEST(TokenReading, WordsSumKeysAndAverageQueries) {
  const std::vector<std::string> tokens = {"[CLS]", "play", "##ing", "[SEP]"};
  core::RowMatrix m(4, 4);
  m << 0.4f, 0.3f, 0.2f, 0.1f,  //
      0.1f, 0.2f, 0.3f, 0.4f,   //
      0.25f, 0.25f, 0.25f, 0.25f,  //
      0.7f, 0.1f, 0.1f, 0.1f;
  core::ReadingOptions options;
  options.words = true;
  const core::ReadingAxis axis = core::reading_axis(tokens, options);
  ASSERT_EQ(axis.size(), 3);
  const core::RowMatrix w = core::read_matrix(m, axis, axis);
  // row "playing" = ½ (row 1 + row 2), its column "playing" = key 1 + key 2
  const double want[3][3] = {{0.4, 0.3 + 0.2, 0.1},
                             {(0.1 + 0.25) / 2, ((0.2 + 0.3) + (0.25 + 0.25)) / 2, (0.4 + 0.25) / 2},
                             {0.7, 0.1 + 0.1, 0.1}};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(w(i, j), want[i][j], 1e-7) << i << ',' << j;
    EXPECT_NEAR(w.row(i).sum(), 1.0, 1e-6);
  }
}

TEST(TokenReading, HidingSpecialTokensRescalesRowsToTheirTotal) {
  const std::vector<std::string> tokens = {"[CLS]", "a", "b", "[SEP]"};
  const core::RowMatrix m = distinct_rows(4);
  core::ReadingOptions options;
  options.hide_special = true;
  const core::ReadingAxis axis = core::reading_axis(tokens, options);
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"a", "b"}));
  const core::RowMatrix w = core::read_matrix(m, axis, axis);
  for (int i = 0; i < 2; ++i) {
    // W(i, j) = M(i, j) / (M(i, 1) + M(i, 2)) for the kept tokens 1 and 2
    const double kept = static_cast<double>(m(i + 1, 1)) + m(i + 1, 2);
    for (int j = 0; j < 2; ++j) EXPECT_NEAR(w(i, j), m(i + 1, j + 1) / kept, 1e-7);
    EXPECT_NEAR(w.row(i).sum(), 1.0, 1e-6);
  }
  // a row that is not a distribution (norm-based lengths) keeps its own total
  const core::RowMatrix lengths = 3.0f * m;
  const core::RowMatrix scaled = core::read_matrix(lengths, axis, axis);
  EXPECT_NEAR(scaled.row(0).sum(), 3.0, 1e-5);
}

TEST(TokenReading, ChosenTokenIsHiddenByEntryOrReadableForm) {
  const std::vector<std::string> tokens = {"<|endoftext|>", "The", "Ġcat", "Ġsat", "Ġon", "Ġthe", "Ġcat"};
  core::ReadingOptions options;
  options.hide_tokens = {"cat"};
  const core::ReadingAxis axis = core::reading_axis(tokens, options);
  EXPECT_EQ(axis.labels, (std::vector<std::string>{"<|endoftext|>", "The", "Ġsat", "Ġon", "Ġthe"}));
  EXPECT_TRUE(axis.hidden[2]);
  EXPECT_TRUE(axis.hidden[6]);
  // hidden and merged together: rows still sum to 1
  options.words = true;
  options.hide_special = true;
  const core::ReadingAxis words = core::reading_axis(tokens, options);
  EXPECT_EQ(words.labels, (std::vector<std::string>{"The", "sat", "on", "the"}));
  const core::RowMatrix w = core::read_matrix(distinct_rows(7), words, words);
  for (int i = 0; i < w.rows(); ++i) EXPECT_NEAR(w.row(i).sum(), 1.0, 1e-6);
}

TEST(TokenReading, UnknownOrEmptyTokenToHideIsNamed) {
  const std::vector<std::vector<std::string>> text = {{"[CLS]", "the", "cat", "[SEP]"}};
  core::ReadingOptions options;
  options.hide_tokens = {"dog"};
  try {
    core::check_hide_tokens(options, text);
    FAIL() << "an unknown token was accepted";
  } catch (const core::InputError& error) {
    EXPECT_EQ(std::string(error.what()), "token to hide \"dog\" is not in the text (its tokens: [CLS] the cat [SEP])");
  }
  options.hide_tokens = {""};
  EXPECT_THROW(core::check_hide_tokens(options, text), core::InputError);
  options.hide_tokens = {"cat", "[SEP]"};
  EXPECT_NO_THROW(core::check_hide_tokens(options, text));
}

TEST(TokenReading, ShapeMismatchIsAnInputError) {
  const std::vector<std::string> tokens = {"a", "b"};
  const core::ReadingAxis axis = core::reading_axis(tokens, {});
  EXPECT_THROW(core::read_matrix(distinct_rows(3), axis, axis), core::InputError);
}

// Each family's word boundaries on the tokenizers of the real test models in tests/data.
struct FamilyCase {
  const char* name;
  std::shared_ptr<const core::Tokenizer> (*load)(const std::filesystem::path&);
  const char* folder;
  const char* text;
  core::WordMarkers markers;
  std::vector<std::string> words;
};

class WordFamilies : public testing::TestWithParam<FamilyCase> {};

TEST_P(WordFamilies, PiecesMergeIntoTheTextsWords) {
  const FamilyCase& c = GetParam();
  const auto tokenizer = c.load(data_dir / c.folder);
  const core::Tokenization tokens = tokenizer->encode(c.text);
  EXPECT_EQ(core::detect_word_markers(tokens.tokens), c.markers);
  core::ReadingOptions options;
  options.words = true;
  const core::ReadingAxis axis = core::reading_axis(tokens.tokens, options);
  EXPECT_EQ(axis.labels, c.words) << "tokens: " << testing::PrintToString(tokens.tokens);
  // rows of a distribution still sum to 1 after merging
  const core::RowMatrix w = core::read_matrix(distinct_rows(static_cast<int>(tokens.size())), axis, axis);
  for (int i = 0; i < w.rows(); ++i) EXPECT_NEAR(w.row(i).sum(), 1.0, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Families, WordFamilies,
    testing::Values(
        FamilyCase{"bert", core::load_bert_tokenizer, "peer/bert-tiny-short", "unbelievable attention",
                   core::WordMarkers::WordPiece, {"[CLS]", "unbelievable", "attention", "[SEP]"}},
        FamilyCase{"gpt2", core::load_gpt2_tokenizer, "peer/gpt2-tiny-short", "Transformers attend everywhere",
                   core::WordMarkers::ByteLevel, {"Transformers", "attend", "everywhere"}},
        FamilyCase{"roberta", core::load_roberta_tokenizer, "peer/roberta-tiny-short", "Transformers attend",
                   core::WordMarkers::ByteLevel, {"<s>", "Transformers", "attend", "</s>"}},
        FamilyCase{"llama", core::load_llama_tokenizer, "peer/llama-tiny-short", "Transformers attend 天涯",
                   core::WordMarkers::Metaspace, {"<s>", "Transformers", "attend", "天涯"}},
        FamilyCase{"t5", core::load_t5_tokenizer, "peer/t5-tiny-short", "Transformers attend everywhere",
                   core::WordMarkers::Metaspace, {"Transformers", "attend", "everywhere", "</s>"}},
        FamilyCase{"xlm-r", core::load_xlm_roberta_tokenizer, "hf-cases/xlm-roberta-tiny-mlm",
                   "Transformers attend everywhere", core::WordMarkers::Metaspace,
                   {"<s>", "Transformers", "attend", "everywhere", "</s>"}}),
    [](const testing::TestParamInfo<FamilyCase>& info) {
      std::string name = info.param.name;
      for (char& c : name) if (c == '-') c = '_';
      return name;
    });

TEST(SinkShare, SplitsIntoFirstTokenAndOtherSpecialTokens) {
  // 3 queries over [CLS] a b [SEP]: mass on [CLS] and on [SEP] measured apart
  core::RowMatrix m(3, 4);
  m << 0.5f, 0.2f, 0.2f, 0.1f,  //
      0.3f, 0.3f, 0.2f, 0.2f,   //
      0.1f, 0.1f, 0.2f, 0.6f;
  core::Tokenization tokens;
  tokens.tokens = {"[CLS]", "a", "b", "[SEP]"};
  const std::vector<int> sinks = core::sink_positions(tokens);
  const core::HeadMetrics metrics = core::compute_head_metrics(m, core::AttentionKind::DecoderCross, sinks);
  EXPECT_NEAR(metrics.sink_first, (0.5 + 0.3 + 0.1) / 3, 1e-7);
  EXPECT_NEAR(metrics.sink_special, (0.1 + 0.2 + 0.6) / 3, 1e-7);
  EXPECT_NEAR(metrics.sink, metrics.sink_first + metrics.sink_special, 1e-7);
}

}  // namespace
