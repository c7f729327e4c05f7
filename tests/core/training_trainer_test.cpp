// The trainer end to end: the loss falls, runs are reproducible, a saved model reproduces the
// trainer's logits through the app's own loader and forward pass, the decoder input is exactly
// what the target tokenizer produces, and pause/stop work from another thread.
#include <gtest/gtest.h>

#include <stop_token>
#include <thread>

#include "model/model.h"
#include "model/model_input.h"
#include "random_model.h"
#include "training/tasks.h"
#include "test_support.h"
#include "training/training_trainer.h"
#include "model/transformer.h"

namespace {

core::TrainingOptions small_options(const core::Task& task) {
  core::TrainingOptions options = task.defaults();
  options.d_model = 32;
  options.d_ff = 64;
  options.batch_size = 16;
  options.steps = 30;
  options.adam.warmup_steps = 20;
  return options;
}

TEST(Trainer, ShortRunCutsTheLossFiveFold) {
  const std::shared_ptr<core::Task> task = core::make_task("reverse");
  core::TrainingOptions options = task->defaults();
  options.d_model = 32;
  options.d_ff = 64;
  options.steps = 400;
  options.batch_size = 32;
  options.adam.warmup_steps = 100;
  core::Trainer trainer(task, options);
  double first = 0.0;
  double last = 0.0;
  int step = 0;
  trainer.run([&](const core::TrainingProgress& progress) {
    // means over the first and last 20 steps, so one noisy batch does not decide
    if (progress.step <= 20) first += progress.loss / 20;
    if (progress.step > options.steps - 20) last += progress.loss / 20;
    step = progress.step;
  });
  EXPECT_EQ(step, options.steps);
  EXPECT_LT(last * 5, first) << "first " << first << ", last " << last;
}

TEST(Trainer, SameSeedSameWeights) {
  const std::shared_ptr<core::Task> task = core::make_task("sort");
  core::TrainingOptions options = small_options(*task);
  options.dropout = 0.1;
  options.label_smoothing = 0.1;
  core::Trainer a(task, options);
  core::Trainer b(task, options);
  for (int i = 0; i < 3; ++i) {
    a.step();
    b.step();
  }
  EXPECT_EQ(a.tensors(), b.tensors());
}

TEST(Trainer, SavedModelReproducesTrainingLogits) {
  for (const std::string name : {"translate-en-zh", "induction"}) {
    const std::shared_ptr<core::Task> task = core::make_task(name);
    core::TrainingOptions options = small_options(*task);
    options.steps = 5;
    core::Trainer trainer(task, options);
    for (int i = 0; i < options.steps; ++i) trainer.step();
    test::TempFolder folder;
    const core::Model model = trainer.snapshot(folder.path() / name);

    for (const core::TaskExample& example : task->held_out_examples(3)) {
      // The decoder input training used is the loaded model's own tokenization of the target.
      const std::vector<int> target = core::tokenize_input(model, core::InputSide::Target, example.target).ids;
      std::vector<int> source;
      if (model.spec().has_encoder()) source = core::tokenize_input(model, core::InputSide::Source, example.source).ids;
      const core::Tensor<float> logits = trainer.logits({example});
      ASSERT_EQ(logits.rows(), static_cast<Eigen::Index>(target.size())) << name;
      EXPECT_EQ(model.target_tokenizer().token(target.front()), "<s>");
      // core::forward gives the last position's logits; every prefix checks every row.
      for (std::size_t length = 1; length <= target.size(); ++length) {
        const core::ForwardResult result =
            core::forward(model, source, std::span<const int>(target.data(), length));
        expect_matrix_near(result.last_logits, logits.row(static_cast<Eigen::Index>(length) - 1), 1e-5);
      }
    }
  }
}

TEST(Trainer, StopAndPauseFromAnotherThread) {
  const std::shared_ptr<core::Task> task = core::make_task("reverse");
  core::TrainingOptions options = small_options(*task);
  options.steps = 100000;
  core::Trainer trainer(task, options);
  trainer.pause();
  std::thread worker([&] {
    trainer.run([&](const core::TrainingProgress& progress) {
      if (progress.step == 5) trainer.stop();
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(trainer.progress().step, 0) << "paused before the first step";
  trainer.resume();
  worker.join();
  EXPECT_EQ(trainer.progress().step, 5);
}

// The GUI runs training as one job on its JobRunner: the job's stop token must end the run between
// steps, and wake a paused run that would otherwise wait for resume() forever.
TEST(Trainer, StopTokenEndsTheRunBetweenSteps) {
  const std::shared_ptr<core::Task> task = core::make_task("reverse");
  core::TrainingOptions options = small_options(*task);
  options.steps = 100000;
  core::Trainer trainer(task, options);
  std::stop_source stop;
  const bool finished = trainer.run(
      [&](const core::TrainingProgress& progress) {
        if (progress.step == 3) stop.request_stop();
      },
      stop.get_token());
  EXPECT_FALSE(finished);
  EXPECT_EQ(trainer.progress().step, 3);
}

TEST(Trainer, StopTokenWakesAPausedRun) {
  const std::shared_ptr<core::Task> task = core::make_task("reverse");
  core::TrainingOptions options = small_options(*task);
  options.steps = 100000;
  core::Trainer trainer(task, options);
  trainer.pause();
  std::stop_source stop;
  bool finished = true;
  std::thread worker([&] { finished = trainer.run(nullptr, stop.get_token()); });
  stop.request_stop();  // never resumed: only the token can end the wait
  worker.join();
  EXPECT_FALSE(finished);
  EXPECT_EQ(trainer.progress().step, 0);
  EXPECT_TRUE(trainer.paused());
}

TEST(Trainer, RunWithATokenReportsAllStepsDone) {
  const std::shared_ptr<core::Task> task = core::make_task("reverse");
  core::TrainingOptions options = small_options(*task);
  options.steps = 4;
  core::Trainer trainer(task, options);
  std::stop_source never;
  EXPECT_TRUE(trainer.run(nullptr, never.get_token()));
  EXPECT_EQ(trainer.progress().step, 4);
}

TEST(Trainer, RejectsWhatItCannotTrain) {
  const std::shared_ptr<core::Task> task = core::make_task("reverse");
  core::TrainingOptions options = small_options(*task);
  options.heads = 5;
  EXPECT_THROW(core::Trainer(task, options), std::invalid_argument);
}

TEST(Trainer, CheckpointFolderNames) {
  EXPECT_EQ(core::checkpoint_folder("models/reverse-checkpoints", 100),
            std::filesystem::path("models/reverse-checkpoints/step-000100"));
}

}  // namespace
