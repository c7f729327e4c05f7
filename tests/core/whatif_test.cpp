// "What if" (docs/methods.md): token edits applied to ids, the LCS alignment of two sentences,
// the difference of two traces over aligned tokens, the change of the next-token distribution
// (top-k deltas and KL, against a float64 reference written here) and the architecture check
// that two checkpoints must pass before they are compared.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "analysis/whatif/architecture_match.h"
#include "analysis/whatif/attention_difference.h"
#include "analysis/whatif/prediction_change.h"
#include "analysis/whatif/token_alignment.h"
#include "analysis/whatif/token_edit.h"
#include "families/load_model.h"
#include "model/prepare_inputs.h"
#include "model/transformer.h"
#include "tensor/errors.h"

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
