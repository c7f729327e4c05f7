#include "analysis/whatif/edited_input.h"

#include "model/model_input.h"
#include "tensor/errors.h"

namespace core {

namespace {

std::vector<int> identity(std::size_t length) {
  std::vector<int> origin(length);
  for (std::size_t i = 0; i < length; ++i) origin[i] = static_cast<int>(i);
  return origin;
}

}  // namespace

EditedInput prepare_edited_inputs(const Model& model, std::string_view text, std::string_view text_pair,
                                  std::string_view target, const InputEdits& edits, const ForwardOptions& options) {
  const ModelSpec& spec = model.spec();
  if (!edits.source.empty() && !spec.has_encoder()) {
    throw InputError("cannot edit source token " + std::to_string(edits.source.front().position) +
                     ": the model has no encoder (edit the target: its only input)");
  }
  if (!edits.target.empty() && !spec.has_decoder()) {
    throw InputError("cannot edit target token " + std::to_string(edits.target.front().position) +
                     ": the model has no decoder (edit the source: its only input)");
  }
  // An edited source changes what the model generates: generate only after the edit.
  const bool generates = spec.has_encoder() && spec.has_decoder() && spec.has_output_head && target.empty();
  const bool generateAfterEdit = generates && !edits.source.empty();
  EditedInput result;
  ModelInput& input = result.input;
  if (generateAfterEdit) {
    input.source = text_pair.empty() ? tokenize_input(model, InputSide::Source, text) : tokenize_pair(model, text, text_pair);
  } else {
    input = text_pair.empty() ? prepare_inputs(model, text, target, options)
                              : prepare_pair_inputs(model, text, text_pair, target, options);
  }
  result.typed_source = input.source;
  result.source_origin = identity(input.source.size());
  if (!edits.source.empty()) {
    EditedTokens edited = apply_token_edits(model.source_tokenizer(), input.source, edits.source);
    input.source = std::move(edited.tokens);
    result.source_origin = std::move(edited.origin);
  }
  if (generateAfterEdit) {
    ForwardOptions generation = options;
    generation.token_types = token_types_for(model, input.source);
    generate_target(model, input, generation);
  }
  result.typed_target = input.target;
  result.target_origin = identity(input.target.size());
  if (!edits.target.empty()) {
    EditedTokens edited = apply_token_edits(model.target_tokenizer(), input.target, edits.target);
    input.target = std::move(edited.tokens);
    result.target_origin = std::move(edited.origin);
  }
  return result;
}

}  // namespace core
