#pragma once
// Turning what a user gives (text or ids) into the model's input: tokens as the model sees them,
// truncated to the model's maximum length with the truncation recorded for the views.

#include <span>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "text/tokenizer.h"

namespace core {

enum class InputSide { Source, Target };

// Tokenizes text with the model's source or target tokenizer and truncates it to max_positions.
Tokenization tokenize_input(const Model& model, InputSide side, std::string_view text);

// A text pair (text/text_pair.h) through the tokenizer of the model's first input (the encoder's;
// a decoder-only model's decoder), with type and sequence ids. Not truncated: a pair longer than
// max_positions throws core::InputError saying how long it is, as do an empty text and a model
// whose tokenizer has no pair template.
Tokenization tokenize_pair(const Model& model, std::string_view a, std::string_view b);

// The token types the encoder reads for these source tokens: a text pair's type ids when the
// model has a token type table of more than one row (BERT); else empty (type 0 for every token,
// as HF feeds RoBERTa, DistilBERT and models without one).
std::vector<int> token_types_for(const Model& model, const Tokenization& source);

// Ids given directly: the tokens are their vocabulary entries. Ids outside the vocabulary are
// kept (the forward pass rejects them with a message naming the position).
Tokenization tokens_for_ids(const Model& model, InputSide side, std::span<const int> ids);

}  // namespace core
