// The bundled models meet their bars on held-out data, measured through the app's own loader,
// forward pass and greedy decoder (as `attnscope-cli eval` does), on 200 examples.
#include <gtest/gtest.h>

#include <algorithm>

#include "families/load_model.h"
#include "model/model.h"
#include "model/model_input.h"
#include "training/referent_heads.h"
#include "training/tasks.h"
#include "training/tasks_eval.h"

namespace {

const std::filesystem::path models = ATTNSCOPE_MODELS;

TEST(BundledModels, ReverseIsExactOn99Percent) {
  const core::Model model = core::load_model(models / "reverse");
  const core::EvaluationResult result = core::evaluate(model, *core::make_task("reverse"), 200);
  EXPECT_EQ(result.examples, 200);
  EXPECT_GE(result.exact_accuracy, 0.99);
}

TEST(BundledModels, TranslateEnZhIsExactOn95Percent) {
  const core::Model model = core::load_model(models / "translate-en-zh");
  const core::EvaluationResult result = core::evaluate(model, *core::make_task("translate-en-zh"), 200);
  EXPECT_EQ(result.examples, 200);
  EXPECT_GE(result.exact_accuracy, 0.95);
}

TEST(BundledModels, InductionCopiesAndHasAnInductionHead) {
  const core::Model model = core::load_model(models / "induction");
  const std::unique_ptr<core::Task> task = core::make_task("induction");
  const core::EvaluationResult result = core::evaluate(model, *task, 200);
  EXPECT_GE(result.token_accuracy, 0.90);
  const std::vector<core::HeadSummary> heads = core::summarize_heads(model, *task, 50);
  const auto best = std::max_element(heads.begin(), heads.end(), [](const core::HeadSummary& a, const core::HeadSummary& b) {
    return a.induction < b.induction;
  });
  ASSERT_NE(best, heads.end());
  EXPECT_GE(best->induction, 0.5);
}

TEST(BundledModels, CoreferenceFindsTheReferentOnUnseenPairs) {
  const core::Model model = core::load_model(models / "coreference");
  const std::unique_ptr<core::Task> task = core::make_task("coreference");
  const core::EvaluationResult result = core::evaluate(model, *task, 200);
  EXPECT_EQ(result.examples, 200);
  EXPECT_GE(result.exact_accuracy, 0.95);
}

// The lecture's example (section 8): the head eval --referent-heads picks links "it" to "animal"
// when the animal is tired and to "street" when the street is wide.
TEST(BundledModels, CoreferenceHeadMovesFromAnimalToStreet) {
  const core::Model model = core::load_model(models / "coreference");
  const std::unique_ptr<core::Task> task = core::make_task("coreference");
  const std::vector<core::ReferentHead> heads = core::referent_heads(model, *task, 200);
  ASSERT_EQ(heads.size(), 8u);  // 2 encoder layers × 4 heads
  const core::ReferentHead& best = core::best_referent_head(heads);
  EXPECT_EQ(best.examples, 200);
  EXPECT_GE(best.rate(), 0.75);
  // the head's count agrees with asking it sentence by sentence
  int right = 0;
  for (const core::TaskExample& example : task->held_out_examples(200)) {
    const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Source, example.source);
    const int noun = core::strongest_noun_link(model, example.source, best.layer, best.head);
    if (tokens.tokens[static_cast<std::size_t>(noun)] == example.target) ++right;
  }
  EXPECT_EQ(right, best.right);

  const std::string start = "The animal didn't cross the street because it was too ";
  const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Source, start + "tired.");
  const auto noun = [&](const std::string& adjective) {
    return tokens.tokens[static_cast<std::size_t>(core::strongest_noun_link(model, start + adjective + ".", best.layer, best.head))];
  };
  EXPECT_EQ(noun("tired"), "animal") << "layer " << best.layer << " head " << best.head;
  EXPECT_EQ(noun("wide"), "street") << "layer " << best.layer << " head " << best.head;
}

TEST(BundledModels, CheckpointSeriesOpens) {
  int opened = 0;
  for (const auto& entry : std::filesystem::directory_iterator(models / "reverse-checkpoints")) {
    if (!entry.is_directory()) continue;  // the series' README
    EXPECT_NO_THROW(core::load_model(entry.path())) << entry.path();
    ++opened;
  }
  EXPECT_GE(opened, 3);
}

}  // namespace
