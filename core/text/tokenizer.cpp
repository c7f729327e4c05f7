#include "text/tokenizer.h"

#include <algorithm>

namespace core {

namespace {

template <typename T>
void erase_range(std::vector<T>& values, std::size_t begin, std::size_t end) {
  values.erase(values.begin() + static_cast<std::ptrdiff_t>(begin), values.begin() + static_cast<std::ptrdiff_t>(end));
}

}  // namespace

void truncate(Tokenization& tokenization, std::size_t max_tokens, int trailing_special_tokens) {
  const std::size_t length = tokenization.size();
  // A second truncation must not forget how long the text was before the first.
  tokenization.untruncated_length = std::max(tokenization.untruncated_length, length);
  if (length <= max_tokens) return;
  // The model was trained with its end token last ([SEP], </s>), so it survives the cut.
  const std::size_t tail = std::min(static_cast<std::size_t>(std::max(trailing_special_tokens, 0)), max_tokens);
  const std::size_t head = max_tokens - tail;
  erase_range(tokenization.tokens, head, length - tail);
  erase_range(tokenization.ids, head, length - tail);
  erase_range(tokenization.unknown, head, length - tail);
  if (!tokenization.type_ids.empty()) erase_range(tokenization.type_ids, head, length - tail);
  if (!tokenization.sequence_ids.empty()) erase_range(tokenization.sequence_ids, head, length - tail);
  tokenization.truncated = true;
}

}  // namespace core
