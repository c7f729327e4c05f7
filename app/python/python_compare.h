#pragma once
// Model.compare: two passes that differ by more than token edits, as `attnscope-cli diff` compares
// them (app/cli_diff.cpp; core/analysis/whatif/comparison.h, docs/methods.md), B − A of every
// head's α̂ over the aligned tokens:
//   compare_text="…"     another sentence on the same model; tokens aligned by longest common
//                        subsequence (core::align), as --compare-text [--compare-target]
//   compare_model=m      another checkpoint of the same architecture (a Model, or a folder opened
//                        like this one), the same token ids, aligned by position, as --compare-model
//   compare_pe=True      A without positional encoding, B with it, as --compare-pe
// text_pair="…" makes A (and B) a sentence pair (--text-pair), each pass with its own token types;
// with compare_text it needs compare_text_pair, B's text B (--compare-text-pair): the two pairs
// are aligned text by text. pair_filter ("AB", …) reads both passes' blocks (--pair-filter).
// Token edits are Model.edit (diff --edit). tests/python/test_compare.py compares with the CLI.

#include <optional>
#include <string>

#include <pybind11/pybind11.h>

#include "python_model.h"
#include "python_whatif.h"

namespace attnscope_python {

// Exactly one of compare_text, compare_model (a Model or a path) and compare_pe. Throws
// core::InputError for none or several, compare_target without compare_text, pair_filter
// without text_pair, compare_text_pair without compare_text or without text_pair, text_pair and
// compare_text without compare_text_pair, an empty text, a model without a pair template,
// checkpoints whose architectures differ (naming the difference); core::LoadError for a folder
// that does not open; what comparison_reading and core::compare_passes throw. Both passes are read
// as `reading` says before they are subtracted.
pybind11::dict compare_dict(const PythonModel& model, const std::string& text, const std::optional<std::string>& target,
                            const std::optional<std::string>& compare_text,
                            const std::optional<std::string>& compare_target, const pybind11::object& compare_model,
                            bool compare_pe, int top, const ComparisonArguments& reading,
                            const std::optional<std::string>& text_pair = std::nullopt,
                            const std::optional<std::string>& compare_text_pair = std::nullopt);

}  // namespace attnscope_python
