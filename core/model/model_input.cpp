#include "model/model_input.h"

namespace core {

namespace {

const Tokenizer& tokenizer_for(const Model& model, InputSide side) {
  return side == InputSide::Source ? model.source_tokenizer() : model.target_tokenizer();
}

}  // namespace

Tokenization tokenize_input(const Model& model, InputSide side, std::string_view text) {
  const Tokenizer& tokenizer = tokenizer_for(model, side);
  Tokenization tokenization = tokenizer.encode(text);
  truncate(tokenization, static_cast<std::size_t>(model.spec().max_positions), tokenizer.trailing_special_tokens());
  return tokenization;
}

Tokenization tokens_for_ids(const Model& model, InputSide side, std::span<const int> ids) {
  const Tokenizer& tokenizer = tokenizer_for(model, side);
  Tokenization tokenization;
  for (const int id : ids) {
    tokenization.ids.push_back(id);
    tokenization.tokens.push_back(tokenizer.token(id));
    tokenization.unknown.push_back(false);
  }
  tokenization.untruncated_length = ids.size();
  return tokenization;
}

}  // namespace core
