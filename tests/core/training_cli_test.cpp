// attnscope-cli train and eval end to end: a short run saves a model folder and its checkpoint
// series, `dump --target` shows the decoder input exactly as training built it, and `eval`
// reports held-out accuracy (and, for coreference, the referent heads); mistakes in the call are
// usage errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>


#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "families/load_model.h"
#include "random_model.h"
#include "training/referent_heads.h"
#include "training/tasks.h"

namespace {

using test::CommandResult;
using test::run_cli;

using ::testing::HasSubstr;

TEST(TrainingCli, TrainSavesAModelAndCheckpointsThatDumpAndEvalOpen) {
  test::TempFolder folder;
  const std::string out = (folder.path() / "sort").string();
  const CommandResult train = run_cli("train --task sort --steps 20 --d-model 16 --d-ff 32 --batch 8 --warmup 10 --out '" +
                                      out + "' --checkpoint-every 10 --log-every 10 --eval-count 5");
  ASSERT_EQ(train.status, 0) << train.output;
  EXPECT_THAT(train.output, HasSubstr("step     10/20  loss "));
  EXPECT_THAT(train.output, HasSubstr("steps/s"));
  EXPECT_THAT(train.output, HasSubstr("ETA"));
  EXPECT_THAT(train.output, HasSubstr("exact-sequence accuracy: "));
  EXPECT_TRUE(std::filesystem::exists(folder.path() / "sort-checkpoints" / "step-000010" / "config.json"));
  EXPECT_TRUE(std::filesystem::exists(folder.path() / "sort-checkpoints" / "step-000020" / "model.safetensors"));

  const CommandResult dump = run_cli("dump --model '" + out + "' --text '3 1 2' --target '1 2 3'");
  ASSERT_EQ(dump.status, 0) << dump.output;
  const nlohmann::json json = nlohmann::json::parse(dump.output);
  EXPECT_EQ(json["source_tokens"], nlohmann::json({"3", "1", "2", "</s>"}));
  EXPECT_EQ(json["target_tokens"], nlohmann::json({"<s>", "1", "2", "3"}));

  const CommandResult eval = run_cli("eval --model '" + out + "' --task sort --count 5 --heads");
  ASSERT_EQ(eval.status, 0) << eval.output;
  EXPECT_THAT(eval.output, HasSubstr("held-out examples:   5"));
  EXPECT_THAT(eval.output, HasSubstr("decoder_cross"));
}

// eval --referent-heads prints every encoder head's rate and the head core::referent_heads ranks first.
TEST(TrainingCli, EvalReferentHeads) {
  const std::string model = std::string(ATTNSCOPE_MODELS) + "/coreference";
  const CommandResult eval = run_cli("eval --model '" + model + "' --task coreference --count 40 --referent-heads");
  ASSERT_EQ(eval.status, 0) << eval.output;
  EXPECT_THAT(eval.output, HasSubstr("held-out examples:   40"));
  const std::vector<core::ReferentHead> heads =
      core::referent_heads(core::load_model(model), *core::make_task("coreference"), 40);
  ASSERT_EQ(heads.size(), 8u);
  for (const core::ReferentHead& head : heads) {
    char row[80];
    std::snprintf(row, sizeof row, "  %13d %4d  %5d %3d  ", head.layer, head.head, head.right, head.examples);
    EXPECT_THAT(eval.output, HasSubstr(row));
  }
  const core::ReferentHead& best = core::best_referent_head(heads);
  EXPECT_THAT(eval.output, HasSubstr("best: encoder self-attention layer " + std::to_string(best.layer) + " head " +
                                     std::to_string(best.head) + ", "));

  const CommandResult wrong = run_cli(std::string("eval --model '") + ATTNSCOPE_MODELS +
                                      "/translate-en-zh' --task translate-en-zh --referent-heads");
  EXPECT_EQ(wrong.status, 2);
  EXPECT_THAT(wrong.errors, HasSubstr("--referent-heads needs --task coreference"));
}

TEST(TrainingCli, UsageErrors) {
  EXPECT_EQ(run_cli("train --task copy --out /tmp/x").status, 2);
  EXPECT_THAT(run_cli("train --task copy --out /tmp/x").errors, HasSubstr("unknown task \"copy\""));
  EXPECT_EQ(run_cli("train --task reverse").status, 2);
  EXPECT_THAT(run_cli("train --task reverse --out /tmp/x --steps ten").errors, HasSubstr("--steps: \"ten\" is not an integer"));
  const CommandResult mismatch = run_cli(std::string("eval --model '") + ATTNSCOPE_MODELS + "/induction' --task reverse");
  EXPECT_EQ(mismatch.status, 2);
  EXPECT_THAT(mismatch.errors, HasSubstr("the model is decoder but task reverse needs encoder-decoder"));
}

// eval and train's evaluation take --memory-budget as every command does: a tiny budget refuses
// the first pass with the guard's message (both sizes), a normal one evaluates.
TEST(TrainingCli, EvalAndTrainEvaluationFollowTheMemoryBudget) {
  const std::string induction = std::string("eval --model '") + ATTNSCOPE_MODELS + "/induction' --task induction --count 3";
  const CommandResult refused = run_cli(induction + " --memory-budget 1K");
  EXPECT_EQ(refused.status, 1);
  EXPECT_THAT(refused.errors, HasSubstr("attnscope-cli: error: this pass needs about "));
  EXPECT_THAT(refused.errors, HasSubstr("but the memory budget is 1.0 KiB; use a shorter text"));
  const CommandResult passed = run_cli(induction + " --memory-budget 64M");
  ASSERT_EQ(passed.status, 0) << passed.errors;
  EXPECT_THAT(passed.output, HasSubstr("held-out examples:   3"));
  const std::string reverse = std::string("eval --model '") + ATTNSCOPE_MODELS + "/reverse' --task reverse --count 3";
  const CommandResult greedy = run_cli(reverse + " --memory-budget 2K");
  EXPECT_EQ(greedy.status, 1);
  EXPECT_THAT(greedy.errors, HasSubstr("but the memory budget is 2.0 KiB"));
  EXPECT_EQ(run_cli(reverse + " --memory-budget 64M").status, 0);
  const CommandResult mistyped = run_cli(induction + " --memory-budget lots");
  EXPECT_EQ(mistyped.status, 2);
  EXPECT_THAT(mistyped.errors, HasSubstr("--memory-budget takes a size such as 512M, 2G or 1.5GiB (0: no limit), not \"lots\""));

  test::TempFolder folder;
  const std::string train = "train --task sort --steps 2 --d-model 16 --d-ff 32 --batch 4 --warmup 1 --log-every 1 "
                            "--eval-count 2 --out '" + (folder.path() / "sort").string() + "'";
  const CommandResult tiny = run_cli(train + " --memory-budget 1K");
  EXPECT_EQ(tiny.status, 1);
  EXPECT_THAT(tiny.output, HasSubstr("saved "));
  EXPECT_THAT(tiny.errors, HasSubstr("but the memory budget is 1.0 KiB"));
  const CommandResult normal = run_cli(train + " --memory-budget 64M");
  ASSERT_EQ(normal.status, 0) << normal.errors;
  EXPECT_THAT(normal.output, HasSubstr("held-out examples:   2"));
  EXPECT_EQ(run_cli(train + " --memory-budget lots").status, 2);
}

}  // namespace
