#include "training/training_batch.h"

#include <algorithm>
#include <stdexcept>

namespace core {

namespace {

Segment append(std::vector<int>& packed, const std::vector<int>& ids, int max_positions, const std::string& text) {
  if (static_cast<int>(ids.size()) > max_positions) {
    throw std::invalid_argument("\"" + text + "\" has " + std::to_string(ids.size()) +
                                " tokens; the model takes at most " + std::to_string(max_positions));
  }
  const Segment segment{static_cast<Eigen::Index>(packed.size()), static_cast<Eigen::Index>(ids.size())};
  packed.insert(packed.end(), ids.begin(), ids.end());
  return segment;
}

}  // namespace

int TrainingBatch::scored_tokens() const {
  return static_cast<int>(std::count_if(labels.begin(), labels.end(), [](int label) { return label >= 0; }));
}

TrainingBatch make_batch(const std::vector<TaskExample>& examples, const Tokenizer* source_tokenizer,
                         const Tokenizer& target_tokenizer, int eos_token_id, int max_positions) {
  TrainingBatch batch;
  for (const TaskExample& example : examples) {
    if (source_tokenizer != nullptr) {
      batch.source_segments.push_back(
          append(batch.source_ids, source_tokenizer->encode(example.source).ids, max_positions, example.source));
    }
    // decoder input <s> y_1 … y_n; labels y_1 … y_n </s>
    const std::vector<int> target = target_tokenizer.encode(example.target).ids;
    batch.target_segments.push_back(append(batch.target_ids, target, max_positions, example.target));
    const int scored_until = example.scored_until < 0 ? static_cast<int>(target.size()) : example.scored_until;
    for (std::size_t i = 0; i < target.size(); ++i) {
      const int next = i + 1 < target.size() ? target[i + 1] : eos_token_id;
      const bool scored = static_cast<int>(i) >= example.scored_from && static_cast<int>(i) < scored_until;
      batch.labels.push_back(scored ? next : -1);
    }
  }
  return batch;
}

}  // namespace core
