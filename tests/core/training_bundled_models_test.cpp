// The bundled models meet their bars on held-out data, measured through the app's own loader,
// forward pass and greedy decoder (as `attnscope-cli eval` does), on 200 examples.
#include <gtest/gtest.h>

#include <algorithm>

#include "families/load_model.h"
#include "model/model.h"
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
