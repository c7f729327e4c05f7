#include "model/prepare_inputs.h"

#include <algorithm>
#include <optional>

#include "model/cached_generation.h"
#include "model/generation.h"
#include "model/model_input.h"
#include "tensor/errors.h"

namespace core {

int generation_budget(const ModelSpec& spec, std::size_t source_length) {
  const int wanted = 2 * static_cast<int>(source_length) + 8;
  return std::clamp(wanted, 1, std::max(1, spec.max_positions - 1));
}

namespace {

// pair: text B, or nothing for one text.
ModelInput prepare(const Model& model, std::string_view text, std::optional<std::string_view> pair,
                   std::string_view target, const ForwardOptions& options) {
  const ModelSpec& spec = model.spec();
  ModelInput input;
  if (!spec.has_encoder()) {
    input.target = pair ? tokenize_pair(model, text, *pair) : tokenize_input(model, InputSide::Target, text);
    // Only a tokenizer that adds no special tokens (GPT-2) gives nothing; the forward pass would
    // then blame "the target input", a field a decoder-only model does not show.
    if (input.target.size() == 0) throw InputError("the text is empty");
    return input;
  }
  input.source = pair ? tokenize_pair(model, text, *pair) : tokenize_input(model, InputSide::Source, text);
  if (!spec.has_decoder()) return input;
  if (!target.empty() || !spec.has_output_head) {
    input.target = tokenize_input(model, InputSide::Target, target);
    return input;
  }
  // No target given: the model's own greedy output.
  ForwardOptions generation = options;
  generation.token_types = token_types_for(model, input.source);
  generate_target(model, input, generation);
  return input;
}

}  // namespace

ModelInput prepare_inputs(const Model& model, std::string_view text, std::string_view target,
                          const ForwardOptions& options) {
  return prepare(model, text, std::nullopt, target, options);
}

ModelInput prepare_pair_inputs(const Model& model, std::string_view text, std::string_view text_pair,
                               std::string_view target, const ForwardOptions& options) {
  return prepare(model, text, text_pair, target, options);
}

// Decodes with a key/value cache (model/cached_generation.h); options.progress, when set, hears
// (tokens generated, generation_budget) after each token but the last, and returning false stops
// it with core::Cancelled before input is changed.
void generate_target(const Model& model, ModelInput& input, const ForwardOptions& options) {
  const std::vector<int> prefix = generation_prefix(model);
  // With a key/value cache: one token's work per step, not a re-run of the prefix (the same
  // tokens as GreedyDecoder: tests/core/cached_generation_test.cpp).
  const int budget = generation_budget(model.spec(), input.source.size());
  CachedGreedyDecoder decoder(model, input.source.ids, prefix, options, budget);
  for (int generated = 1; !decoder.finished(); ++generated) {
    decoder.step();
    // progress: tokens generated of the most this generation may add; false stops it
    if (options.progress && !decoder.finished() && !options.progress(generated, budget)) {
      throw Cancelled("the generation was cancelled");
    }
  }
  input.target = tokens_for_ids(model, InputSide::Target, decoder.sequence());
  input.generated = true;
  input.generated_ids.assign(decoder.sequence().begin() + static_cast<std::ptrdiff_t>(prefix.size()),
                             decoder.sequence().end());
  if (!input.generated_ids.empty() && input.generated_ids.back() == model.spec().eos_token_id) {
    input.generated_ids.pop_back();
  }
}

}  // namespace core
