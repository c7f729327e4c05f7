#pragma once
// Token edits on the command line, as the app makes them (core/analysis/whatif/token_edit.h):
//   --edit mask:N | delete:N | replace:N=TEXT   (repeatable; N counts from 0 in the tokens as typed)
//   --edit-side source|target                    which input every --edit is on (default: the
//                                                encoder's, or a decoder-only model's text)
// `dump` computes from the edited ids; `diff` compares them with the input as typed.

#include <nlohmann/json.hpp>

#include "analysis/whatif/edited_input.h"
#include "cli_options.h"

namespace cli {

// One --edit value; UsageError naming it when it is not one of the three forms.
core::TokenEdit parse_edit(const std::string& text);

// Every --edit, on the side --edit-side names. UsageError for --edit-side without --edit, a side
// other than source or target, or a side the model does not have.
core::InputEdits edits_option(const Options& options, const core::ModelSpec& spec);

// [{"side", "kind", "position", "replacement"?}, …], as sessions write them.
nlohmann::json edits_json(const core::InputEdits& edits);

}  // namespace cli
