// induction: T distinct random letters, then the same T letters again (decoder-only).
// Only the repeated half is predictable, so only its predictions x_{T+1} … x_{2T−1} are scored;
// the model can only get them right by finding the earlier occurrence of the current letter
// and copying what followed it — a previous-token head in layer 0 and an induction head in layer 1.
#include <algorithm>
#include <numeric>

#include "training/tasks_builtin.h"

namespace core {

namespace {

constexpr int min_length = 6;   // T
constexpr int max_length = 12;
constexpr int letters = 26;

class InductionTask : public Task {
 public:
  std::string name() const override { return "induction"; }
  Architecture architecture() const override { return Architecture::DecoderOnly; }
  NativeVocabulary vocabulary() const override {
    std::vector<std::string> tokens = special_vocabulary();
    for (int i = 0; i < letters; ++i) tokens.emplace_back(1, static_cast<char>('a' + i));
    return NativeVocabulary{"char", false, tokens, tokens};
  }
  // <s> + 2T letters + the predicted </s>
  int max_positions() const override { return 2 * max_length + 8; }
  TrainingOptions defaults() const override { return task_options(64, 128, 2000, 200); }

 protected:
  TaskExample sample(std::mt19937_64& generator) const override {
    std::uniform_int_distribution<int> length(min_length, max_length);
    const int t = length(generator);
    // Distinct letters: each letter of the first half has exactly one successor to copy.
    std::vector<int> order(letters);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), generator);
    std::string text;
    for (int repeat = 0; repeat < 2; ++repeat) {
      for (int i = 0; i < t; ++i) {
        if (!text.empty()) text += ' ';
        text += static_cast<char>('a' + order[static_cast<std::size_t>(i)]);
      }
    }
    // Decoder position p reads x_{p−1} (position 0 is <s>) and predicts x_p.
    return TaskExample{"", text, t + 1, 2 * t};
  }
};

}  // namespace

std::unique_ptr<Task> make_induction_task() {
  return std::make_unique<InductionTask>();
}

}  // namespace core
