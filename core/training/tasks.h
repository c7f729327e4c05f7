#pragma once
// The built-in training tasks: data the project generates itself, each with a fixed held-out
// split (about one example in ten, chosen by a hash of its text, never used for training).
//   reverse, sort       digit strings → reversed / sorted (encoder-decoder, one digit per token)
//   translate-en-zh     a small English grammar → Chinese, one character per token
//   induction           T random letters repeated once (decoder-only)
//   coreference         "the animal didn't cross the street because it was too tired ." → animal
//                       (held out by noun–adjective pair, not by hash: tasks_coreference.h)
//   char-lm             next character of a text corpus (decoder-only; tasks_char_lm.h, needs the corpus)

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "nn/model_config.h"
#include "families/model_writer.h"
#include "training/training_batch.h"
#include "training/training_options.h"

namespace core {

// True for the held-out tenth: decided by the text alone, so training and evaluation agree.
bool is_held_out(const TaskExample& example);

// The options every built-in task starts from (2 layers per stack, 4 heads, batches of 32, peak
// learning rate 0.5 · d^−0.5 · warmup^−0.5), with the sizes that differ from task to task.
TrainingOptions task_options(int d_model, int d_ff, int steps, int warmup_steps);

class Task {
 public:
  virtual ~Task() = default;

  virtual std::string name() const = 0;
  virtual Architecture architecture() const = 0;
  // Token lists for the model folder; the tokenizers built from them are the app's own.
  virtual NativeVocabulary vocabulary() const = 0;
  virtual int max_positions() const = 0;
  // Sizes and settings that train the task to its bar on this project's machines.
  virtual TrainingOptions defaults() const = 0;

  // A random example from the training split. A task with its own split (char-lm) overrides
  // both of these.
  virtual TaskExample training_example(std::mt19937_64& generator) const;
  // The first count distinct held-out examples, always the same ones.
  virtual std::vector<TaskExample> held_out_examples(int count) const;
  // True for the held-out split: is_held_out unless the task holds out something else.
  virtual bool in_held_out_split(const TaskExample& example) const { return is_held_out(example); }

 protected:
  // Any example of the task, held out or not.
  virtual TaskExample sample(std::mt19937_64& generator) const = 0;
};

// Throws std::invalid_argument naming the known tasks.
std::unique_ptr<Task> make_task(std::string_view name);
std::vector<std::string> task_names();

}  // namespace core
