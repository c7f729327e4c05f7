#pragma once
// text → tokens → ids: what a model reads for what a user typed, the one way every caller (the
// GUI's worker, attnscope-cli, the head analysis) turns text into a model's input.
//   decoder-only:    the text is the decoder's input (the prompt)
//   encoder-only:    the text is the encoder's input
//   encoder-decoder: the text is the source; the target is the decoder's input, or, when none is
//                    given and the model has an output head, its own greedy output
// Each side is truncated to the model's maximum length, the cut recorded for the views.

#include <string_view>
#include <vector>

#include "model/model.h"
#include "model/transformer.h"
#include "text/tokenizer.h"

namespace core {

struct ModelInput {
  Tokenization source;             // the encoder's tokens; empty for a decoder-only model
  Tokenization target;             // the decoder's tokens; empty for an encoder-only model
  bool generated = false;          // target is the model's own greedy output
  std::vector<int> generated_ids;  // the tokens it produced (no start token, no final end token)
};

// The most tokens greedy generation adds for a source of this length: 2 · S + 8, within the model's
// maximum (a translation is rarely more than twice as long; the end token usually stops it sooner).
int generation_budget(const ModelSpec& spec, std::size_t source_length);

// The decoder input an encoder-decoder model makes for itself: greedy output from its start token,
// within generation_budget. Sets input.target, generated and generated_ids from input.source.
void generate_target(const Model& model, ModelInput& input, const ForwardOptions& options = {});

// options: the positional-encoding, thread and ablation settings generation runs with. Throws
// InputError for an empty text (a tokenizer that adds no special tokens gives no tokens).
ModelInput prepare_inputs(const Model& model, std::string_view text, std::string_view target = {},
                          const ForwardOptions& options = {});

}  // namespace core
