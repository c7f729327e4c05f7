#pragma once
// Trace.method_rows(kind, layer, method=…, queries=…): a costly method's matrices over some of the
// query rows, as `attnscope-cli dump --method M --only-queries 0,9` computes them, and which rows
// they are. Value zeroing and flow cost far more per query row than the pass itself, so on a trace
// kept on demand (a long input) queries="auto" computes an evenly spaced sample of
// core::method_query_sample (64) rows, as the desktop app does (core::sampled_queries); the other
// rows are 0. The dict says which rows were computed:
//   {"method", "kind", "layer", "attention": float32 [matrix, query, key] ([layer, …] for every
//    layer), "queries": the rows computed, "query_rows", "sampled", "pass_attention"}

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <pybind11/pybind11.h>

#include "python_arguments.h"
#include "python_trace.h"

namespace attnscope_python {

// "auto", "all", a number of evenly spaced rows, or the rows themselves.
using QueriesArgument = std::variant<std::string, int, std::vector<int>>;

// layer: None for every layer. Throws core::InputError for rows asked of raw (it computes every
// row), a count below 1, a word other than "auto"/"all", a row the pass lacks (naming the kind and
// layer); core::MemoryBudgetError for an array over the budget; pybind11::index_error for a layer
// out of range; what python_progress.h raises when cancelled.
pybind11::dict method_rows_dict(const PythonTrace& trace, const std::string& kind, std::optional<int> layer,
                                const std::string& method, const QueriesArgument& queries, bool summed,
                                const std::optional<MemorySize>& memory_budget,
                                const std::optional<pybind11::function>& progress);

}  // namespace attnscope_python
