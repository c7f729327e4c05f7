// "What if" (docs/methods.md): token edits applied to ids, the LCS alignment of two sentences,
// the difference of two traces over aligned tokens, the change of the next-token distribution
// (top-k deltas and KL, against a float64 reference written here) and the architecture check
// that two checkpoints must pass before they are compared.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "analysis/methods/attention_method.h"
#include "analysis/methods/top_p.h"
#include "analysis/reading/token_reading.h"
#include "analysis/whatif/architecture_match.h"
#include "analysis/whatif/attention_difference.h"
#include "analysis/whatif/axis_alignment.h"
#include "analysis/whatif/comparison.h"
#include "analysis/whatif/edited_input.h"
#include "analysis/whatif/prediction_change.h"
#include "analysis/whatif/token_alignment.h"
#include "analysis/whatif/token_edit.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "model/transformer.h"
#include "tensor/errors.h"
#include "text/text_pair.h"

namespace {

namespace fs = std::filesystem;

const fs::path data = ATTNSCOPE_TEST_DATA;
const fs::path models = ATTNSCOPE_MODELS;

// The message of the core::InputError that call throws ("" when it throws none).
template <typename Call>
std::string input_error(Call call) {
  try {
    call();
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "";
}

class TokenEditTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bert_ = std::make_unique<core::Model>(core::load_model(data / "peer/bert-tiny-short"));
  }
  static void TearDownTestSuite() { bert_.reset(); }
  static const core::Tokenizer& tokenizer() { return bert_->source_tokenizer(); }

  static std::unique_ptr<core::Model> bert_;
};

std::unique_ptr<core::Model> TokenEditTest::bert_;

TEST_F(TokenEditTest, MaskPutsTheMaskTokenAtThePositionAndKeepsEveryOtherId) {
  const core::Tokenization before = tokenizer().encode("the quick cat");
  ASSERT_EQ(before.tokens.front(), "[CLS]");
  const core::EditedTokens edited = core::apply_token_edit(tokenizer(), before, {core::TokenEditKind::Mask, 2, ""});
  ASSERT_EQ(edited.tokens.size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (i == 2) {
      EXPECT_EQ(edited.tokens.tokens[i], "[MASK]");
      EXPECT_EQ(edited.tokens.ids[i], 4);  // vocab.txt line 5
    } else {
      EXPECT_EQ(edited.tokens.ids[i], before.ids[i]) << "position " << i;
    }
    EXPECT_EQ(edited.origin[i], static_cast<int>(i));
  }
}

TEST_F(TokenEditTest, DeleteShiftsTheLaterTokensAndRecordsWhereEachCameFrom) {
  const core::Tokenization before = tokenizer().encode("the quick cat");
  const core::EditedTokens edited = core::apply_token_edit(tokenizer(), before, {core::TokenEditKind::Delete, 1, ""});
  ASSERT_EQ(edited.tokens.size(), before.size() - 1);
  EXPECT_EQ(edited.tokens.ids[0], before.ids[0]);
  for (std::size_t j = 1; j < edited.tokens.size(); ++j) {
    EXPECT_EQ(edited.tokens.ids[j], before.ids[j + 1]);
    EXPECT_EQ(edited.origin[j], static_cast<int>(j + 1));
  }
}

TEST_F(TokenEditTest, ReplaceUsesTheReplacementsIdsWithoutRetokenisingTheRest) {
  const core::Tokenization before = tokenizer().encode("the quick cat");
  const core::EditedTokens edited =
      core::apply_token_edit(tokenizer(), before, {core::TokenEditKind::Replace, 3, "dog"});
  ASSERT_EQ(edited.tokens.size(), before.size());
  EXPECT_EQ(edited.tokens.tokens[3], "dog");
  EXPECT_EQ(edited.tokens.ids[3], 131);  // vocab.txt line 132
  EXPECT_EQ(edited.origin[3], 3);
  EXPECT_EQ(edited.tokens.ids.back(), before.ids.back());  // [SEP] stays
}

TEST_F(TokenEditTest, BadEditsAreRefusedWithAMessageNamingTheProblem) {
  const core::Tokenization before = tokenizer().encode("cat", false);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(input_error([&] {
              core::apply_token_edit(tokenizer(), before, {core::TokenEditKind::Delete, 0, ""});
            }),
            "cannot delete token 0 \"cat\": it is the only token, and the model needs at least one");
  EXPECT_EQ(input_error([&] {
              core::apply_token_edit(tokenizer(), before, {core::TokenEditKind::Mask, 5, ""});
            }),
            "cannot mask token 5: the input has 1 tokens (positions 0 to 0)");
  EXPECT_EQ(input_error([&] {
              core::apply_token_edit(tokenizer(), before, {core::TokenEditKind::Replace, 0, "  "});
            }),
            "cannot replace token 0 \"cat\" with \"  \": it has no tokens");
  const std::string unknown = input_error([&] {
    core::apply_token_edit(tokenizer(), before, {core::TokenEditKind::Replace, 0, "€"});
  });
  EXPECT_EQ(unknown,
            "cannot replace token 0 \"cat\" with \"€\": the vocabulary has no token for it (piece 1 of 1 "
            "would be read as the unknown token \"[UNK]\")");
}

TEST_F(TokenEditTest, SeveralEditsCountPositionsInTheTokensAsTyped) {
  const core::Tokenization before = tokenizer().encode("the quick cat");                  // [CLS] the quick cat [SEP]
  const std::vector<core::TokenEdit> edits = {{core::TokenEditKind::Delete, 1, ""},       // "the" goes
                                              {core::TokenEditKind::Mask, 3, ""},         // "cat" masked
                                              {core::TokenEditKind::Replace, 3, "dog"},   // then replaced
                                              {core::TokenEditKind::Replace, 2, "big"}};  // "quick" → b ##i ##g
  const core::EditedTokens edited = core::apply_token_edits(tokenizer(), before, edits);
  EXPECT_EQ(edited.tokens.tokens, (std::vector<std::string>{"[CLS]", "b", "##i", "##g", "dog", "[SEP]"}));
  EXPECT_EQ(edited.origin, (std::vector<int>{0, -1, -1, -1, 3, 4}));
  const core::EditedTokens none = core::apply_token_edits(tokenizer(), before, {});
  EXPECT_EQ(none.tokens.ids, before.ids);
  EXPECT_EQ(none.origin, (std::vector<int>{0, 1, 2, 3, 4}));
  const std::vector<core::TokenEdit> twice = {{core::TokenEditKind::Delete, 1, ""}, {core::TokenEditKind::Mask, 1, ""}};
  EXPECT_EQ(input_error([&] { core::apply_token_edits(tokenizer(), before, twice); }),
            "cannot mask token 1 \"the\": an earlier edit deleted it or replaced it with several tokens");
}

// What every view of the app and `dump --edit` compute from (edited_input.h): the text tokenized,
// then edited, positions in the tokens as typed.
TEST_F(TokenEditTest, EditedInputsAreTheTypedTokensWithTheEditsMade) {
  core::InputEdits edits;
  edits.source = {{core::TokenEditKind::Mask, 2, ""}, {core::TokenEditKind::Delete, 1, ""}};
  const core::EditedInput edited = core::prepare_edited_inputs(*bert_, "the quick cat", {}, {}, edits);
  const core::Tokenization typed = tokenizer().encode("the quick cat");
  EXPECT_EQ(edited.typed_source.ids, typed.ids);
  EXPECT_EQ(edited.input.source.tokens, (std::vector<std::string>{"[CLS]", "[MASK]", "cat", "[SEP]"}));
  EXPECT_EQ(edited.input.source.ids, (std::vector<int>{typed.ids[0], 4, typed.ids[3], typed.ids[4]}));
  EXPECT_EQ(edited.source_origin, (std::vector<int>{0, 2, 3, 4}));
  // no edits: the tokens as prepare_inputs makes them, each its own origin
  const core::EditedInput none = core::prepare_edited_inputs(*bert_, "the quick cat", {}, {}, {});
  EXPECT_EQ(none.input.source.ids, typed.ids);
  EXPECT_EQ(none.source_origin, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST_F(TokenEditTest, EditedInputsRefuseBadEditsNamingThem) {
  core::InputEdits past;
  past.source = {{core::TokenEditKind::Mask, 9, ""}};
  EXPECT_EQ(input_error([&] { core::prepare_edited_inputs(*bert_, "the quick cat", {}, {}, past); }),
            "cannot mask token 9: the input has 5 tokens (positions 0 to 4)");
  core::InputEdits unknown;
  unknown.source = {{core::TokenEditKind::Replace, 3, "€"}};
  EXPECT_EQ(input_error([&] { core::prepare_edited_inputs(*bert_, "the quick cat", {}, {}, unknown); }),
            "cannot replace token 3 \"cat\" with \"€\": the vocabulary has no token for it (piece 1 of 1 "
            "would be read as the unknown token \"[UNK]\")");
  core::InputEdits target;
  target.target = {{core::TokenEditKind::Delete, 0, ""}};
  EXPECT_EQ(input_error([&] { core::prepare_edited_inputs(*bert_, "the quick cat", {}, {}, target); }),
            "cannot edit target token 0: the model has no decoder (edit the source: its only input)");
}

TEST_F(TokenEditTest, AnEditedPairKeepsItsTokenTypes) {
  core::InputEdits edits;
  edits.source = {{core::TokenEditKind::Delete, 1, ""}, {core::TokenEditKind::Replace, 2, "big"}};
  const core::EditedInput edited = core::prepare_edited_inputs(*bert_, "the cat", "a dog", {}, edits);
  const core::Tokenization& typed = edited.typed_source;
  ASSERT_EQ(typed.type_ids.size(), typed.size());
  const core::Tokenization& source = edited.input.source;
  ASSERT_EQ(source.type_ids.size(), source.size());
  ASSERT_EQ(source.sequence_ids.size(), source.size());
  for (std::size_t j = 0; j < source.size(); ++j) {
    // a kept token keeps its type; the pieces of "big" take the type of the token they replaced
    const int from = edited.source_origin[j] >= 0 ? edited.source_origin[j] : 2;
    EXPECT_EQ(source.type_ids[j], typed.type_ids[static_cast<std::size_t>(from)]) << "position " << j;
    EXPECT_EQ(source.sequence_ids[j], typed.sequence_ids[static_cast<std::size_t>(from)]) << "position " << j;
  }
  EXPECT_EQ(source.type_ids.back(), 1);  // the last [SEP] belongs to text B
}

// An encoder-decoder model with no target generates it from the EDITED source: the same tokens as
// generating from those ids directly.
TEST(EditedInput, AGeneratedTargetFollowsTheEditedSource) {
  const core::Model model = core::load_model(models / "reverse");
  const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Source, "3 1 4");
  const auto three = std::find(tokens.tokens.begin(), tokens.tokens.end(), "3");
  ASSERT_NE(three, tokens.tokens.end());
  core::InputEdits edits;
  edits.source = {{core::TokenEditKind::Delete, static_cast<std::size_t>(three - tokens.tokens.begin()), ""}};
  const core::EditedInput edited = core::prepare_edited_inputs(model, "3 1 4", {}, {}, edits);
  EXPECT_TRUE(edited.input.generated);
  core::ModelInput direct;
  direct.source = core::apply_token_edits(model.source_tokenizer(), tokens, edits.source).tokens;
  core::generate_target(model, direct);
  EXPECT_EQ(edited.input.target.ids, direct.target.ids);
  const core::ModelInput typed = core::prepare_inputs(model, "3 1 4");
  EXPECT_NE(edited.input.target.ids, typed.target.ids);  // "1 4" reversed, not "3 1 4" reversed
  EXPECT_EQ(edited.typed_target.ids, edited.input.target.ids);  // no target edits
  // a target edit is made on that generated target
  edits.target = {{core::TokenEditKind::Delete, 1, ""}};
  const core::EditedInput both = core::prepare_edited_inputs(model, "3 1 4", {}, {}, edits);
  EXPECT_EQ(both.input.target.size(), direct.target.size() - 1);
  EXPECT_EQ(both.target_origin.front(), 0);
  EXPECT_EQ(both.target_origin[1], 2);
}

TEST(TokenEdit, MaskFallsBackToTheUnknownTokenAndRefusesWithoutEither) {
  const core::Model marian = core::load_model(data / "peer/marian-tiny-short");
  const std::optional<int> unk = core::mask_token_id(marian.source_tokenizer());
  ASSERT_TRUE(unk.has_value());
  EXPECT_EQ(marian.source_tokenizer().token(*unk), "<unk>");

  const core::Model gpt2 = core::load_model(data / "peer/gpt2-tiny-short");
  EXPECT_FALSE(core::mask_token_id(gpt2.target_tokenizer()).has_value());
  const core::Tokenization tokens = gpt2.target_tokenizer().encode("Hello world");
  const std::string message = input_error([&] {
    core::apply_token_edit(gpt2.target_tokenizer(), tokens, {core::TokenEditKind::Mask, 0, ""});
  });
  EXPECT_NE(message.find("cannot mask token 0 \"" + tokens.tokens[0] + "\": the vocabulary has no mask token"),
            std::string::npos)
      << message;
}

std::vector<std::string> words(std::initializer_list<const char*> list) {
  return {list.begin(), list.end()};
}

TEST(TokenAlignment, LongestCommonSubsequenceMatchesTheTokensTheSentencesShare) {
  const std::vector<std::string> a = words({"[CLS]", "the", "cat", "sat", "[SEP]"});
  const std::vector<std::string> b = words({"[CLS]", "the", "big", "dog", "sat", "[SEP]"});
  const core::TokenAlignment alignment = core::align_tokens(a, b);
  EXPECT_EQ(alignment.before, (std::vector<int>{0, 1, 3, 4}));
  EXPECT_EQ(alignment.after, (std::vector<int>{0, 1, 4, 5}));
}

TEST(TokenAlignment, RepeatedTokensPairTheEarliestAndNothingMatchesNothing) {
  // "the" twice in a, once in b: the first "the" is paired (earliest on a longest path)
  const core::TokenAlignment repeated = core::align_tokens(words({"the", "the", "end"}), words({"the", "end"}));
  EXPECT_EQ(repeated.before, (std::vector<int>{0, 2}));
  EXPECT_EQ(repeated.after, (std::vector<int>{0, 1}));
  // the longer common run wins over the earlier lone match
  const core::TokenAlignment longest = core::align_tokens(words({"x", "a", "b", "c"}), words({"a", "b", "c", "x"}));
  EXPECT_EQ(longest.before, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(longest.after, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(core::align_tokens(words({"a"}), words({"b"})).size(), 0u);
  EXPECT_EQ(core::align_tokens({}, words({"b"})).size(), 0u);
}

// Two text pairs are aligned text by text: "sat on" ends text A of one pair and starts text B of
// the other, and is not matched; each text's tokens are matched as that text's alone would be,
// and the template's [SEP]s with each other. Tokens alone would match "sat on" across the texts
// (a longer common run).
TEST(TokenAlignment, TwoTextPairsAreAlignedTextByText) {
  const std::vector<std::string> a = words({"[CLS]", "the", "cat", "sat", "on", "[SEP]", "it", "[SEP]"});
  const std::vector<int> a_texts = {-1, 0, 0, 0, 0, -1, 1, -1};
  const std::vector<std::string> b = words({"[CLS]", "the", "cat", "[SEP]", "sat", "on", "it", "[SEP]"});
  const std::vector<int> b_texts = {-1, 0, 0, -1, 1, 1, 1, -1};
  const core::TokenAlignment by_text = core::align_tokens(a, b, a_texts, b_texts);
  EXPECT_EQ(by_text.before, (std::vector<int>{0, 1, 2, 5, 6, 7}));
  EXPECT_EQ(by_text.after, (std::vector<int>{0, 1, 2, 3, 6, 7}));
  const core::TokenAlignment by_token = core::align_tokens(a, b);
  EXPECT_EQ(by_token.before, (std::vector<int>{0, 1, 2, 3, 4, 6, 7})) << "without the texts \"sat on\" crosses from A to B";
  EXPECT_EQ(by_token.after, (std::vector<int>{0, 1, 2, 4, 5, 6, 7}));
  // core::align takes this path for two Tokenizations that are both pairs
  core::Tokenization first;
  first.tokens = a;
  first.ids = {101, 1, 2, 3, 4, 102, 5, 102};
  first.sequence_ids = a_texts;
  core::Tokenization second;
  second.tokens = b;
  second.ids = {101, 1, 2, 102, 3, 4, 5, 102};
  second.sequence_ids = b_texts;
  EXPECT_EQ(core::align(first, second).before, by_text.before);
  EXPECT_EQ(core::align(first, second).after, by_text.after);
  EXPECT_EQ(input_error([&] { core::align_tokens(a, b, a_texts, std::vector<int>{0}); }),
            "cannot align two text pairs: 8 and 8 tokens but 8 and 1 sequence ids");
}

TEST(TokenAlignment, IdentityAndEditAlignments) {
  const core::TokenAlignment identity = core::identity_alignment(3, 3);
  EXPECT_EQ(identity.before, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(identity.after, (std::vector<int>{0, 1, 2}));
  const std::vector<int> origin = {0, -1, -1, 2, 3};  // token 1 replaced by two new pieces
  const core::TokenAlignment edit = core::alignment_from_origin(origin);
  EXPECT_EQ(edit.before, (std::vector<int>{0, 2, 3}));
  EXPECT_EQ(edit.after, (std::vector<int>{0, 3, 4}));
}

TEST_F(TokenEditTest, DifferenceOfADeletionComparesTheSameTokensCellByCell) {
  const core::Model& model = *bert_;
  const core::Tokenization before = tokenizer().encode("the quick cat");
  const core::EditedTokens edited = core::apply_token_edit(tokenizer(), before, {core::TokenEditKind::Delete, 2, ""});
  const core::ForwardResult a = core::forward(model, before.ids, {});
  const core::ForwardResult b = core::forward(model, edited.tokens.ids, {});
  const core::TokenAlignment source = core::alignment_from_origin(edited.origin);
  const core::AttentionDifference d = core::attention_difference(a.trace, b.trace, source, {});
  ASSERT_EQ(d.layers.size(), a.trace.encoder_self.size());
  float largest = 0;
  for (const core::LayerDifference& layer : d.layers) {
    ASSERT_EQ(layer.kind, core::AttentionKind::EncoderSelf);
    for (std::size_t h = 0; h < layer.heads.size(); ++h) {
      const core::RowMatrix& cell = layer.heads[h];
      ASSERT_EQ(cell.rows(), static_cast<Eigen::Index>(before.size() - 1));
      ASSERT_EQ(cell.cols(), static_cast<Eigen::Index>(before.size() - 1));
      const core::RowMatrix& x = a.trace.encoder_self[static_cast<std::size_t>(layer.layer)].heads[h];
      const core::RowMatrix& y = b.trace.encoder_self[static_cast<std::size_t>(layer.layer)].heads[h];
      for (Eigen::Index m = 0; m < cell.rows(); ++m) {
        for (Eigen::Index n = 0; n < cell.cols(); ++n) {
          // position after m came from m before m < 2, m + 1 after the deleted token
          const Eigen::Index qm = m < 2 ? m : m + 1;
          const Eigen::Index kn = n < 2 ? n : n + 1;
          ASSERT_EQ(cell(m, n), y(m, n) - x(qm, kn)) << "layer " << layer.layer << " head " << h;
          largest = std::max(largest, std::abs(cell(m, n)));
        }
      }
    }
  }
  EXPECT_EQ(d.largest, largest);
  EXPECT_GT(d.largest, 1e-4f) << "deleting a word changed no attention weight";
}

// An axis built by hand: entries of the given token positions over count tokens.
core::ReadingAxis axis_of(std::vector<std::vector<int>> members, int count) {
  core::ReadingAxis axis;
  axis.hidden.assign(static_cast<std::size_t>(count), true);
  axis.filtered.assign(static_cast<std::size_t>(count), false);
  for (const std::vector<int>& entry : members) {
    for (const int t : entry) axis.hidden[static_cast<std::size_t>(t)] = false;
    axis.labels.push_back("w");
  }
  axis.members = std::move(members);
  return axis;
}

TEST(AxisAlignment, AWordKeepsItsPartnerThroughAnEditAndASplitWordHasNone) {
  // A: [CLS] the b ##i ##g cat [SEP]; B: "##i" deleted. Words: [CLS] the big cat [SEP] and [CLS] the bg cat [SEP]
  const core::TokenAlignment tokens = core::alignment_from_origin(std::vector<int>{0, 1, 2, 4, 5, 6});
  const std::vector<std::string> a = {"[CLS]", "the", "b", "##i", "##g", "cat", "[SEP]"};
  const std::vector<std::string> b = {"[CLS]", "the", "b", "##g", "cat", "[SEP]"};
  core::ReadingOptions words;
  words.words = true;
  const core::TokenAlignment matched =
      core::align_axes(tokens, core::reading_axis(a, words), core::reading_axis(b, words));
  EXPECT_EQ(matched.before, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_EQ(matched.after, (std::vector<int>{0, 1, 2, 3, 4}));
  // hidden special tokens link nothing: the three words are matched, at their own entries
  words.hide_special = true;
  const core::TokenAlignment kept = core::align_axes(tokens, core::reading_axis(a, words), core::reading_axis(b, words));
  EXPECT_EQ(kept.before, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(kept.after, (std::vector<int>{0, 1, 2}));
  // a word of A whose tokens went to two words of B (split), and two of A joined into one of B
  const core::TokenAlignment same = core::identity_alignment(5, 5);
  const core::TokenAlignment split = core::align_axes(same, axis_of({{0}, {1, 2}, {3}, {4}}, 5),
                                                      axis_of({{0}, {1}, {2}, {3, 4}}, 5));
  EXPECT_EQ(split.before, (std::vector<int>{0}));
  EXPECT_EQ(split.after, (std::vector<int>{0}));
}

// D of two passes read alike: the method's matrices of each pass, read over its own tokens (words,
// special tokens hidden, a pair's A → B filter), subtracted over the matched words. The reference
// is written here from the method, read_matrix and the axes of each pass.
TEST_F(TokenEditTest, ComparisonsReadBothPassesWithTheMethodAndTheReadingBeforeSubtracting) {
  const core::Tokenization a = core::encode_pair(tokenizer(), "the big cat", "it sat");
  const core::EditedTokens edited = core::apply_token_edit(tokenizer(), a, {core::TokenEditKind::Replace, 5, "dog"});
  ASSERT_EQ(a.tokens[5], "cat");
  core::ComparedPass before{bert_.get(), a, {}, {}};
  before.options.token_types = core::token_types_for(*bert_, a);
  core::ComparedPass after{bert_.get(), edited.tokens, {}, {}};
  after.options.token_types = core::token_types_for(*bert_, edited.tokens);
  core::ComparisonReading reading;
  reading.method = core::AttentionMethod::Norm;
  reading.reading.words = true;
  reading.reading.hide_special = true;
  reading.reading.query_segment = 0;
  reading.reading.key_segment = 1;
  const core::TokenAlignment source = core::alignment_from_origin(edited.origin);
  const core::Comparison comparison = core::compare_passes(before, after, source, {}, 5, reading);
  // queries: text A's words; keys: text B's
  EXPECT_EQ(comparison.before_axes.source_queries.labels, (std::vector<std::string>{"the", "big", "cat"}));
  EXPECT_EQ(comparison.after_axes.source_queries.labels, (std::vector<std::string>{"the", "big", "dog"}));
  EXPECT_EQ(comparison.before_axes.source_keys.labels, (std::vector<std::string>{"it", "sat"}));
  EXPECT_EQ(comparison.difference.source.before, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(comparison.difference.source_keys.before, (std::vector<int>{0, 1}));
  const auto read = [&](const core::Tokenization& tokens, const core::ForwardOptions& options) {
    const core::MethodResult method =
        core::compute_attention_method(*bert_, tokens.ids, {}, core::AttentionMethod::Norm, options);
    const core::ReadingAxis rows = core::reading_axis(tokens.tokens, reading.reading, tokens.sequence_ids, 0);
    const core::ReadingAxis columns = core::reading_axis(tokens.tokens, reading.reading, tokens.sequence_ids, 1);
    std::vector<core::RowMatrix> matrices;
    for (const core::LayerAttention& layer : method.trace.encoder_self) {
      for (const core::RowMatrix& head : layer.heads) matrices.push_back(core::read_matrix(head, rows, columns));
    }
    return matrices;
  };
  const std::vector<core::RowMatrix> want_a = read(a, before.options);
  const std::vector<core::RowMatrix> want_b = read(edited.tokens, after.options);
  std::size_t n = 0;
  for (const core::LayerDifference& layer : comparison.difference.layers) {
    for (const core::RowMatrix& d : layer.heads) {
      ASSERT_LT(n, want_a.size());
      ASSERT_EQ(d.rows(), 3);
      ASSERT_EQ(d.cols(), 2);
      EXPECT_LE((d - (want_b[n] - want_a[n])).cwiseAbs().maxCoeff(), 1e-6f) << "matrix " << n;
      ++n;
    }
  }
  EXPECT_EQ(n, want_a.size());
  EXPECT_GT(comparison.difference.largest, 1e-4f);
  EXPECT_EQ(comparison.method, core::AttentionMethod::Norm);
}

// Top-p cuts each pass's rows before they are subtracted; rollout has no cross-attention, so the
// comparison has none; a method that fails on a named pass says which.
TEST(Comparison, TopPAndMethodsWithoutAKindAndAFailingPass) {
  const core::Model reverse = core::load_model(models / "reverse");
  const core::ModelInput input = core::prepare_inputs(reverse, "3 1 4 1 5");
  core::ComparedPass on{&reverse, input.source, input.target, {}};
  core::ComparedPass off = on;
  off.options.positional_encoding = false;
  core::ComparisonReading reading;
  reading.before_name = "A";
  reading.after_name = "B";
  reading.method = core::AttentionMethod::Rollout;
  reading.top_p = 0.5;
  const core::TokenAlignment source = core::identity_alignment(input.source.size(), input.source.size());
  const core::TokenAlignment target = core::identity_alignment(input.target.size(), input.target.size());
  const core::Comparison comparison = core::compare_passes(off, on, source, target, 3, reading);
  EXPECT_EQ(comparison.difference.find(core::AttentionKind::DecoderCross, 0), nullptr);
  const core::LayerDifference* layer = comparison.difference.find(core::AttentionKind::EncoderSelf, 1);
  ASSERT_NE(layer, nullptr);
  const core::RowMatrix a = core::top_p_filter(
      core::compute_attention_method(reverse, input.source.ids, input.target.ids, core::AttentionMethod::Rollout,
                                     off.options)
          .trace.encoder_self[1]
          .heads[0],
      0.5);
  const core::RowMatrix b = core::top_p_filter(
      core::compute_attention_method(reverse, input.source.ids, input.target.ids, core::AttentionMethod::Rollout,
                                     on.options)
          .trace.encoder_self[1]
          .heads[0],
      0.5);
  ASSERT_EQ(layer->heads.size(), 1u);
  EXPECT_EQ((layer->heads[0] - (b - a)).cwiseAbs().maxCoeff(), 0.0f);
  // a method that cannot be computed on a pass names the pass
  core::ComparedPass wrong = on;
  wrong.source.ids.back() = 1 << 20;
  reading.top_p = 0.0;
  const std::string message = input_error([&] { core::compare_passes(off, wrong, source, target, 3, reading); });
  EXPECT_EQ(message.rfind("rollout cannot be computed for B: ", 0), 0u) << message;
}

TEST(AttentionDifference, IdenticalTracesDifferByZeroAndMismatchedTracesAreRefused) {
  const core::Model model = core::load_model(models / "reverse");
  const core::ModelInput input = core::prepare_inputs(model, "3 1 4", "4 1");
  const core::ForwardResult pass = core::forward(model, input.source.ids, input.target.ids);
  const core::TokenAlignment source = core::identity_alignment(input.source.size(), input.source.size());
  const core::TokenAlignment target = core::identity_alignment(input.target.size(), input.target.size());
  const core::AttentionDifference same = core::attention_difference(pass.trace, pass.trace, source, target);
  EXPECT_EQ(same.layers.size(), 6u);  // 2 encoder self, 2 decoder self, 2 cross
  EXPECT_EQ(same.largest, 0.0f);
  const core::LayerDifference* cross = same.find(core::AttentionKind::DecoderCross, 1);
  ASSERT_NE(cross, nullptr);
  EXPECT_EQ(cross->heads[0].rows(), static_cast<Eigen::Index>(input.target.size()));
  EXPECT_EQ(cross->heads[0].cols(), static_cast<Eigen::Index>(input.source.size()));

  core::TokenAlignment too_far = source;
  too_far.after.back() = 99;
  EXPECT_EQ(input_error([&] { core::attention_difference(pass.trace, pass.trace, too_far, target); }),
            "the token alignment names query position 99 but encoder_self layer 0 has " +
                std::to_string(input.source.size()));
  const core::Model induction = core::load_model(models / "induction");
  const core::ForwardResult other = core::forward(induction, {}, std::vector<int>{2, 5, 6});
  EXPECT_EQ(input_error([&] { core::attention_difference(pass.trace, other.trace, source, target); }),
            "cannot compare encoder_self: 2 layers before, 0 after");
}

// float64 reference written here: P_t = exp(l_t) / Σ_u exp(l_u) (no max subtracted: the logits
// are small), KL(P ‖ Q) = Σ_t P_t log(P_t / Q_t).
std::vector<long double> reference_softmax(const core::RowVector& logits) {
  std::vector<long double> p(static_cast<std::size_t>(logits.size()));
  long double sum = 0;
  for (std::size_t t = 0; t < p.size(); ++t)
    sum += (p[t] = std::exp(static_cast<long double>(logits(static_cast<Eigen::Index>(t)))));
  for (long double& value : p) value /= sum;
  return p;
}

TEST(PredictionChange, TopKDeltasAndKlMatchAFloat64Reference) {
  std::mt19937 random(16);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  for (int trial = 0; trial < 5; ++trial) {
    core::RowVector before(300);
    core::RowVector after(300);
    for (Eigen::Index t = 0; t < before.size(); ++t) {
      before(t) = normal(random);
      after(t) = before(t) + 0.5f * normal(random);
    }
    const core::PredictionChange change = core::compare_predictions(before, after, 7);
    const std::vector<long double> p = reference_softmax(before);
    const std::vector<long double> q = reference_softmax(after);
    long double kl = 0;
    for (std::size_t t = 0; t < p.size(); ++t) kl += p[t] * std::log(p[t] / q[t]);
    EXPECT_NEAR(change.kl_divergence, static_cast<double>(kl), 1e-12 * static_cast<double>(kl) + 1e-15);
    EXPECT_GT(change.kl_divergence, 0.01);
    ASSERT_EQ(change.top.size(), 7u);
    // the reference ranking by max(P, Q)
    std::vector<int> order(p.size());
    for (std::size_t t = 0; t < order.size(); ++t) order[t] = static_cast<int>(t);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      return std::max(p[static_cast<std::size_t>(a)], q[static_cast<std::size_t>(a)]) >
             std::max(p[static_cast<std::size_t>(b)], q[static_cast<std::size_t>(b)]);
    });
    for (std::size_t r = 0; r < change.top.size(); ++r) {
      const core::TokenProbabilityChange& row = change.top[r];
      EXPECT_EQ(row.id, order[r]) << "rank " << r;
      const auto t = static_cast<std::size_t>(row.id);
      EXPECT_NEAR(row.before, static_cast<double>(p[t]), 1e-13);
      EXPECT_NEAR(row.after, static_cast<double>(q[t]), 1e-13);
      EXPECT_NEAR(row.delta, static_cast<double>(q[t] - p[t]), 1e-13);
    }
    EXPECT_EQ(change.top_before, static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()));
    EXPECT_EQ(change.top_after, static_cast<int>(std::max_element(q.begin(), q.end()) - q.begin()));
  }
}

TEST(PredictionChange, SameLogitsGiveZeroAndBadInputGetsAMessage) {
  core::RowVector logits(4);
  logits << 1.0f, -2.0f, 30.0f, 0.5f;
  const core::PredictionChange same = core::compare_predictions(logits, logits, 2);
  EXPECT_EQ(same.kl_divergence, 0.0);
  EXPECT_EQ(same.top[0].id, 2);
  EXPECT_EQ(same.top[0].delta, 0.0);
  EXPECT_EQ(input_error([&] { core::compare_predictions(logits, core::RowVector(5), 2); }),
            "cannot compare predictions over 4 and 5 tokens: the vocabularies differ");
  EXPECT_EQ(input_error([&] { core::compare_predictions(core::RowVector(), logits, 2); }),
            "no next-token prediction to compare: the model has no output head");
  EXPECT_EQ(input_error([&] { core::compare_predictions(logits, logits, 0); }), "top-k must be at least 1, not 0");
}

TEST(PredictionChange, SwitchingAHeadOffMovesTheInductionModelsPrediction) {
  const core::Model model = core::load_model(models / "induction");
  const core::ModelInput input = core::prepare_inputs(model, "a b c d a b c");
  const core::ForwardResult full = core::forward(model, {}, input.target.ids);
  core::ForwardOptions off;
  for (int h = 0; h < model.spec().heads(); ++h) off.ablated_heads.push_back({core::AttentionKind::DecoderSelf, 1, h});
  const core::ForwardResult ablated = core::forward(model, {}, input.target.ids, off);
  const core::PredictionChange change = core::compare_predictions(full.last_logits, ablated.last_logits, 5);
  EXPECT_GT(change.kl_divergence, 0.1) << "every head of the last layer off left the prediction as it was";
  EXPECT_EQ(core::compare_predictions(full.last_logits, full.last_logits, 5).kl_divergence, 0.0);
}

TEST(ArchitectureMatch, CheckpointsOfOneRunMatchAndOthersAreRefusedNamingTheDifference) {
  const core::Model reverse = core::load_model(models / "reverse");
  const core::Model early = core::load_model(models / "reverse-checkpoints/step-000100");
  EXPECT_NO_THROW(core::check_same_architecture(reverse.spec(), early.spec(), "reverse", "step-000100"));
  const core::Model translate = core::load_model(models / "translate-en-zh");
  EXPECT_EQ(
      input_error(
          [&] { core::check_same_architecture(reverse.spec(), translate.spec(), "reverse", "translate-en-zh"); }),
      "cannot compare checkpoints reverse and translate-en-zh: d_model differs: 64 in reverse, 128 in translate-en-zh");
  const core::Model induction = core::load_model(models / "induction");
  EXPECT_EQ(
      input_error([&] { core::check_same_architecture(reverse.spec(), induction.spec(), "reverse", "induction"); }),
      "cannot compare checkpoints reverse and induction: architecture differs: encoder-decoder in reverse, "
      "decoder in induction");
}

}  // namespace
