#pragma once
// A batch as the trainer consumes it: every example's tokens packed row after row.
// The decoder reads the target exactly as the model's target tokenizer produces it
// (<s> y_1 … y_n) and learns to predict the next token at every position (y_1 … y_n </s>), so
// `attnscope-cli dump --target` shows exactly what training fed the decoder.

#include <string>
#include <vector>

#include "text/tokenizer.h"
#include "training/training_tensor.h"

namespace core {

// One example of a task, as text. source is empty for decoder-only tasks.
struct TaskExample {
  std::string source;
  std::string target;
  int scored_from = 0;    // first decoder position whose prediction counts (loss and accuracy)
  int scored_until = -1;  // one past the last one; −1 = to the end (the prediction of </s>)
};

struct TrainingBatch {
  std::vector<int> source_ids;  // packed encoder input (empty for decoder-only models)
  Segments source_segments;
  std::vector<int> target_ids;  // packed decoder input
  Segments target_segments;
  std::vector<int> labels;      // per decoder row: the next token, or −1 when not scored

  int scored_tokens() const;
  int tokens() const { return static_cast<int>(source_ids.size() + target_ids.size()); }
};

// Tokenizes with the model's own tokenizers (source may be null for decoder-only models).
// Throws std::invalid_argument when an example is longer than max_positions.
TrainingBatch make_batch(const std::vector<TaskExample>& examples, const Tokenizer* source_tokenizer,
                         const Tokenizer& target_tokenizer, int eos_token_id, int max_positions);

}  // namespace core
