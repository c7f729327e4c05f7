#pragma once
// "What if" (issue 16, core/analysis/whatif/comparison.h, docs/methods.md), as Python sees it:
//   Model.ablate(text, heads=[(l, h), …])           heads switched off: the next-token top-k with
//                                                   Δp, KL(P ‖ Q), and the largest change of α̂ per layer
//   Model.edit(text, [("mask", 3), …])              token edits: the same prediction change and the
//                                                   difference of every layer's α̂ over aligned tokens
// Both run core::compare_passes, as attnscope-cli ablate and diff --edit do (app/cli_ablate.cpp,
// app/cli_diff.cpp); tests/python/test_whatif.py compares them.

#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <pybind11/pybind11.h>

#include "analysis/whatif/comparison.h"
#include "python_arguments.h"
#include "python_model.h"
#include "python_reading.h"

namespace attnscope_python {

// How both passes of a comparison are read before B − A (Model.ablate, edit and compare), as
// attnscope-cli ablate and diff read them with --method, --words, --hide-special, --hide-token and
// --top-p: method "raw" (the default), "norm", "value-zeroing", "rollout" or "flow"; the reading
// keywords of python_reading.h (pair_filter only for Model.compare with text_pair); top_p in (0, 1].
struct ComparisonArguments {
  std::string method = "raw";
  ReadingArguments reading;
  std::optional<double> top_p;
};

// Throws core::InputError for an unknown method, a top_p outside (0, 1] or an empty token to hide.
core::ComparisonReading comparison_reading(const ComparisonArguments& arguments);

// Checks that every token to hide occurs in one of the passes' tokens (core::InputError naming it,
// as the CLI does), then compares them: core::compare_passes with the reading. Called without the GIL.
core::Comparison compare_read(const core::ComparedPass& a, const core::ComparedPass& b,
                              const core::TokenAlignment& source, const core::TokenAlignment& target, int top,
                              const core::ComparisonReading& reading);

// How both passes were read, as the CLI's "read": {"method", "words", "hide_special",
// "hide_tokens", "top_p" (None without)}, and "pair_filter" ("AB", …) only when one is set.
pybind11::dict read_dict(const core::Comparison& comparison);

// ("mask", position), ("delete", position) or ("replace", position, text).
using EditArgument = std::variant<std::tuple<std::string, int>, std::tuple<std::string, int, std::string>>;

// Throws pybind11::index_error for a layer or head out of range, core::InputError for no heads or
// an unknown kind, and what compare_passes throws.
pybind11::dict ablate_dict(const PythonModel& model, const std::string& text, const std::vector<HeadArgument>& heads,
                           const std::optional<std::string>& target, int top, bool no_pe,
                           const ComparisonArguments& reading);

// side: "source" or "target" (None: the encoder's when there is one). Throws core::InputError for
// an unknown edit, a position out of range, a replacement the vocabulary does not know, and what
// core::apply_token_edits throws.
pybind11::dict edit_dict(const PythonModel& model, const std::string& text, const std::vector<EditArgument>& edits,
                         const std::optional<std::string>& target, const std::optional<std::string>& side, int top,
                         bool no_pe, const ComparisonArguments& reading);

// The parts every comparison's dict shares (python_compare.h too): read (read_dict), prediction
// (or None and prediction_note), and per side the tokens, ids and aligned token positions (source,
// target: the alignments compare_passes was given, as the CLI's; however the passes were read),
// and layers: per layer {"kind", "layer", "largest", "difference"}, difference = B − A, float32
// [head, query, key].
void add_prediction(pybind11::dict& result, const core::Comparison& comparison, const core::Model& model);
void add_difference(pybind11::dict& result, const core::Model& model, const core::ComparedPass& a,
                    const core::ComparedPass& b, const core::TokenAlignment& source,
                    const core::TokenAlignment& target, const core::Comparison& comparison);

// Two passes that start the same: text (and target) read by model with options, B a copy of A,
// and the identity alignment on each side. Every comparison then changes B (and the alignments).
// text_pair: text B of a sentence pair (text being text A), both passes then reading the pair's
// token types (core::token_types_for). Called without the GIL.
struct PassPair {
  core::ComparedPass a;
  core::ComparedPass b;
  core::TokenAlignment source;
  core::TokenAlignment target;
};
PassPair same_passes(const core::Model& model, const std::string& text, const std::string& target,
                     const core::ForwardOptions& options, const std::optional<std::string>& text_pair = std::nullopt);

}  // namespace attnscope_python
