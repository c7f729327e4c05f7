#pragma once
// Turning what a user gives (text or ids) into the model's input: tokens as the model sees them,
// truncated to the model's maximum length with the truncation recorded for the views.

#include <span>
#include <string_view>

#include "model/model.h"
#include "text/tokenizer.h"

namespace core {

enum class InputSide { Source, Target };

// Tokenizes text with the model's source or target tokenizer and truncates it to max_positions.
Tokenization tokenize_input(const Model& model, InputSide side, std::string_view text);

// Ids given directly: the tokens are their vocabulary entries. Ids outside the vocabulary are
// kept (the forward pass rejects them with a message naming the position).
Tokenization tokens_for_ids(const Model& model, InputSide side, std::span<const int> ids);

}  // namespace core
