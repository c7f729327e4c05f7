#pragma once
// Text → the ids a model reads, with token edits (token_edit.h) made on the way: what every view of
// the app and `attnscope-cli dump --edit` compute from, so an edit shows everywhere at once.
//   1. the text (or pair) is tokenized as prepare_inputs() does it: the tokens "as typed"
//   2. the source edits are made on the source tokens
//   3. an encoder-decoder model with no target given generates its target from the EDITED source
//      (the prediction follows the edit), else the target is tokenized as given
//   4. the target edits are made on that target (positions in it: for a generated target, the one
//      the edited source produced)
// Edit positions count in the tokens before any edit of their side (apply_token_edits).

#include <string_view>
#include <vector>

#include "analysis/whatif/token_edit.h"
#include "model/prepare_inputs.h"

namespace core {

struct InputEdits {
  std::vector<TokenEdit> source;  // on the encoder's tokens (a decoder-only model has none)
  std::vector<TokenEdit> target;  // on the decoder's tokens (a decoder-only model's prompt)

  bool empty() const { return source.empty() && target.empty(); }
};

struct EditedInput {
  ModelInput input;            // what the model reads: the edited tokens
  Tokenization typed_source;   // the source before any edit
  Tokenization typed_target;   // the target before the target edits
  std::vector<int> source_origin;  // [position in input.source] → position in typed_source, −1: new piece
  std::vector<int> target_origin;  // the same for the target
};

// text_pair: text B of a sentence pair, empty for one text. Throws what prepare_inputs and
// apply_token_edits throw (core::InputError naming the text or the token), and InputError for an
// edit of a side the model does not have.
EditedInput prepare_edited_inputs(const Model& model, std::string_view text, std::string_view text_pair,
                                  std::string_view target, const InputEdits& edits,
                                  const ForwardOptions& options = {});

}  // namespace core
