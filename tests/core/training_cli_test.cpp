// attnscope-cli train and eval end to end: a short run saves a model folder and its checkpoint
// series, `dump --target` shows the decoder input exactly as training built it, and `eval`
// reports held-out accuracy; mistakes in the call are usage errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>


#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "random_model.h"

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

TEST(TrainingCli, UsageErrors) {
  EXPECT_EQ(run_cli("train --task copy --out /tmp/x").status, 2);
  EXPECT_THAT(run_cli("train --task copy --out /tmp/x").errors, HasSubstr("unknown task \"copy\""));
  EXPECT_EQ(run_cli("train --task reverse").status, 2);
  EXPECT_THAT(run_cli("train --task reverse --out /tmp/x --steps ten").errors, HasSubstr("--steps: \"ten\" is not an integer"));
  const CommandResult mismatch = run_cli(std::string("eval --model '") + ATTNSCOPE_MODELS + "/induction' --task reverse");
  EXPECT_EQ(mismatch.status, 2);
  EXPECT_THAT(mismatch.errors, HasSubstr("the model is decoder but task reverse needs encoder-decoder"));
}

}  // namespace
