#pragma once
// Trains a Transformer on a built-in task and saves it as a normal model folder.
// One step: a batch of fresh training examples, tokenised by the model's own tokenizers, split
// in two halves that two threads run forward and backward at the same time (one per core), their
// gradients summed in a fixed order, clipped, and applied by Adam with the warm-up schedule.
// Everything random (initial weights, examples, dropout masks) comes from the seed, so a run with
// the same options and thread count gives the same weights bit for bit.
//
// Driving it from a GUI: call run() on a worker thread; pause(), resume() and stop() from any
// thread, or give run() a std::stop_token; save() or snapshot() from any thread give a consistent
// copy of the current weights.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <stop_token>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "families/load_model.h"
#include "model/model.h"
#include "families/model_writer.h"
#include "training/tasks.h"
#include "text/tokenizer_vocab.h"
#include "training/training_adam.h"
#include "training/training_options.h"
#include "training/training_parameters.h"

namespace core {

struct TrainingProgress {
  int step = 0;  // optimiser steps done
  int total_steps = 0;
  double loss = 0.0;      // this step's mean cross-entropy over scored tokens
  double accuracy = 0.0;  // this step's argmax accuracy over scored tokens
  double learning_rate = 0.0;
  double gradient_norm = 0.0;  // before clipping
  double elapsed_seconds = 0.0;  // time spent in steps (pauses excluded)
  double steps_per_second = 0.0;
  double tokens_per_second = 0.0;  // encoder + decoder tokens through forward and backward
  double eta_seconds = 0.0;
};

class Trainer {
 public:
  // Throws std::invalid_argument for options the trainer cannot train.
  Trainer(std::shared_ptr<const Task> task, TrainingOptions options);

  const ModelConfig& config() const { return config_; }
  const NativeVocabulary& vocabulary() const { return vocabulary_; }
  const TrainingOptions& options() const { return options_; }
  const Task& task() const { return *task_; }

  // One optimiser step. Call from one thread at a time (the training thread).
  TrainingProgress step();
  // Steps until options().steps or stop(), calling on_progress after each step on this thread.
  void run(const std::function<void(const TrainingProgress&)>& on_progress);
  // The same, and also ends when `stop` is requested: checked between steps, and it wakes a paused
  // run at once. So the caller waits at most for the step in flight. Returns true when every step
  // of options().steps is done.
  bool run(const std::function<void(const TrainingProgress&)>& on_progress, std::stop_token stop);
  void pause();
  void resume();
  void stop();
  bool paused() const;
  TrainingProgress progress() const;

  // Writes the current weights as a model folder every part of the app opens.
  void save(const std::filesystem::path& folder) const;
  // save(), then Model::load of that folder.
  Model snapshot(const std::filesystem::path& folder) const;
  // The current weights as save_native_model takes them.
  std::map<std::string, std::vector<float>> tensors() const;
  // Logits without dropout for the examples, packed: one row per decoder input token.
  Tensor<float> logits(const std::vector<TaskExample>& examples) const;

 private:
  TrainingBatch batch_for(const std::vector<TaskExample>& examples) const;

  std::shared_ptr<const Task> task_;
  TrainingOptions options_;
  ModelConfig config_;
  NativeVocabulary vocabulary_;
  std::unique_ptr<NativeTokenizer> source_tokenizer_;  // null for decoder-only tasks
  std::unique_ptr<NativeTokenizer> target_tokenizer_;

  TransformerParameters<float> parameters_;
  std::vector<TransformerParameters<float>> gradients_;  // one accumulator per thread
  Adam adam_;
  std::mt19937_64 example_generator_;

  mutable std::mutex parameters_mutex_;  // held while Adam writes and while saving reads
  mutable std::mutex state_mutex_;       // pause flag and the last progress
  std::condition_variable_any resumed_;  // _any: its wait also wakes on a std::stop_token
  bool paused_ = false;
  std::atomic<bool> stop_requested_{false};
  TrainingProgress progress_;
  double elapsed_seconds_ = 0.0;
  long long tokens_seen_ = 0;
};

// Where checkpoint `step` of a series goes: series / "step-000100".
std::filesystem::path checkpoint_folder(const std::filesystem::path& series, int step);

}  // namespace core
