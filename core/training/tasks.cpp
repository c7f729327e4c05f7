#include "training/tasks.h"

#include <set>
#include <stdexcept>

#include "training/tasks_builtin.h"

namespace core {

namespace {

// FNV-1a: a hash that is the same on every platform and standard library, unlike std::hash.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

// Fixed, so every run and every machine evaluates on the same held-out examples.
constexpr std::uint64_t held_out_seed = 20240601;

}  // namespace

bool is_held_out(const TaskExample& example) {
  return fnv1a(example.source + '\t' + example.target) % 10 == 0;
}

TaskExample Task::training_example(std::mt19937_64& generator) const {
  for (;;) {
    TaskExample example = sample(generator);
    if (!in_held_out_split(example)) return example;
  }
}

std::vector<TaskExample> Task::held_out_examples(int count) const {
  std::mt19937_64 generator(held_out_seed);
  std::vector<TaskExample> examples;
  std::set<std::string> seen;
  // The cap only matters for a task whose held-out split is smaller than count.
  for (long attempts = 0; static_cast<int>(examples.size()) < count && attempts < 1000L * count + 100000; ++attempts) {
    TaskExample example = sample(generator);
    if (in_held_out_split(example) && seen.insert(example.source + '\t' + example.target).second) {
      examples.push_back(std::move(example));
    }
  }
  return examples;
}

std::vector<std::string> special_vocabulary() {
  return {"<pad>", "<unk>", "<s>", "</s>"};
}

std::vector<std::string> task_names() {
  return {"reverse", "sort", "translate-en-zh", "induction", "coreference"};
}

std::unique_ptr<Task> make_task(std::string_view name) {
  if (name == "reverse") return make_reverse_task();
  if (name == "sort") return make_sort_task();
  if (name == "translate-en-zh") return make_translate_en_zh_task();
  if (name == "induction") return make_induction_task();
  if (name == "coreference") return make_coreference_task();
  if (name == "char-lm") {
    throw std::invalid_argument("task char-lm trains on a text corpus: give it with --corpus FILE (one document per line)");
  }
  std::string known;
  for (const std::string& task : task_names()) known += (known.empty() ? "" : ", ") + task;
  throw std::invalid_argument("unknown task \"" + std::string(name) + "\"; the tasks are " + known);
}

TrainingOptions task_options(int d_model, int d_ff, int steps, int warmup_steps) {
  TrainingOptions options;
  options.d_model = d_model;
  options.d_ff = d_ff;
  options.steps = steps;
  options.batch_size = 32;
  options.adam.warmup_steps = warmup_steps;
  options.adam.learning_rate_scale = 0.5;
  return options;
}

}  // namespace core
