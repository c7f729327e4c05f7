// reverse and sort: digit strings of 3 to 9 digits, one digit per token (char vocabulary).
// Reversing makes the cross-attention an anti-diagonal; sorting makes it a permutation that
// sends each output digit to where that digit sits in the input.
#include <algorithm>

#include "training/tasks_builtin.h"

namespace core {

namespace {

constexpr int min_digits = 3;
constexpr int max_digits = 9;

std::string spaced(const std::string& digits) {
  std::string text;
  for (const char digit : digits) {
    if (!text.empty()) text += ' ';
    text += digit;
  }
  return text;
}

class DigitTask : public Task {
 public:
  explicit DigitTask(bool sort) : sort_(sort) {}

  std::string name() const override { return sort_ ? "sort" : "reverse"; }
  Architecture architecture() const override { return Architecture::EncoderDecoder; }
  NativeVocabulary vocabulary() const override {
    std::vector<std::string> tokens = special_vocabulary();
    for (char digit = '0'; digit <= '9'; ++digit) tokens.emplace_back(1, digit);
    return NativeVocabulary{"char", false, tokens, tokens};
  }
  // <s> + 9 digits + the predicted </s>, with room to spare for longer test inputs
  int max_positions() const override { return 16; }
  TrainingOptions defaults() const override { return task_options(64, 128, 3000, 200); }

 protected:
  TaskExample sample(std::mt19937_64& generator) const override {
    std::uniform_int_distribution<int> length(min_digits, max_digits);
    std::uniform_int_distribution<int> digit(0, 9);
    std::string digits(static_cast<std::size_t>(length(generator)), '0');
    for (char& c : digits) c = static_cast<char>('0' + digit(generator));
    std::string output = digits;
    if (sort_) std::sort(output.begin(), output.end());
    else std::reverse(output.begin(), output.end());
    return TaskExample{spaced(digits), spaced(output)};
  }

 private:
  bool sort_;
};

}  // namespace

std::unique_ptr<Task> make_reverse_task() {
  return std::make_unique<DigitTask>(false);
}

std::unique_ptr<Task> make_sort_task() {
  return std::make_unique<DigitTask>(true);
}

}  // namespace core
