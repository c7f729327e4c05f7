#pragma once
// Why a head attends (issue 16, core/analysis/why/, docs/methods.md), as Python sees it:
//   Model.qk(text, layer, head, query)          the q·k view of one query: q, every k, q ⊙ k, the
//                                               score's terms, α and α̂, as NumPy arrays
//   Model.qk_map(corpus, layer, head)           the query/key map: every query and key of the head
//                                               over a corpus, projected onto their two principal axes
//   Model.search(corpus, layer, head, token)    corpus search: where the head attends most from or
//                                               to a token, best first
// Each is the one core function attnscope-cli qk, qk-map and search call (app/cli_why.cpp), so
// the numbers are the CLI's; tests/python/test_why.py compares them.

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <pybind11/pybind11.h>

#include "python_arguments.h"
#include "python_model.h"

namespace attnscope_python {

// kind: None for the model's first kind. Throws pybind11::index_error for a layer, head or query
// out of range, core::InputError for an unknown kind or text the model cannot take.
pybind11::dict qk_dict(const PythonModel& model, const std::string& text, int layer, int head, int query,
                       const std::optional<std::string>& kind, const std::optional<std::string>& target, bool no_pe);

// Throws core::InputError for a corpus file that is missing or has no sentence (naming it), and
// as compute_qk_map does (max_points exceeded, naming the line).
pybind11::dict qk_map_dict(const PythonModel& model, const std::filesystem::path& corpus, int layer, int head,
                           const std::optional<std::string>& kind, bool normalise, long long max_points, bool no_pe);

// layer and head: a head, or head "all" for every head of the layer; or head_list: several heads of
// one kind, [(layer, head), …] or [(kind, layer, head), …] (the CLI's --heads). mode: "from", "to"
// or "top-key". progress(done, total): sentences searched (python_progress.h).
// Throws core::InputError for a missing corpus, both or neither way of naming heads, heads of two
// kinds or one given twice, an unknown mode, a token that is not one token of the model (saying
// how it tokenises), a limit below 1; what python_progress.h raises when cancelled.
pybind11::dict search_dict(const PythonModel& model, const std::filesystem::path& corpus, std::optional<int> layer,
                           const std::optional<std::variant<int, std::string>>& head, const std::string& token,
                           const std::optional<std::vector<HeadArgument>>& head_list,
                           const std::optional<std::string>& kind, const std::string& mode, int limit, bool no_pe,
                           const std::optional<pybind11::function>& progress);

}  // namespace attnscope_python
