#include "model/model_input.h"

#include <string>

#include "tensor/errors.h"
#include "text/text_pair.h"

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

Tokenization tokenize_pair(const Model& model, std::string_view a, std::string_view b) {
  const InputSide side = model.spec().has_encoder() ? InputSide::Source : InputSide::Target;
  Tokenization pair = encode_pair(tokenizer_for(model, side), a, b);
  const int max_positions = model.spec().max_positions;
  if (static_cast<long>(pair.size()) > max_positions) {
    throw InputError("the text pair has " + std::to_string(pair.size()) + " tokens; the model takes at most " +
                     std::to_string(max_positions) + " (shorten text A or text B)");
  }
  return pair;
}

std::vector<int> token_types_for(const Model& model, const Tokenization& source) {
  if (source.type_ids.empty() || model.weights().encoder.embedding.token_types.rows < 2) return {};
  return source.type_ids;
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
