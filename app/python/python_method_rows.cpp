#include "python_method_rows.h"

#include <algorithm>
#include <limits>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "python_methods.h"
#include "python_progress.h"
#include "tensor/errors.h"

namespace py = pybind11;

namespace attnscope_python {

namespace {

// The query rows every kind the method covers has: a sample must exist in each (core's
// chosen_queries applies one list of rows to every kind).
int common_query_rows(const PythonTrace& trace, core::AttentionMethod method) {
  int rows = std::numeric_limits<int>::max();
  for (const core::AttentionKind kind : core::model_attention_kinds(trace.model().spec())) {
    if (core::method_covers(method, kind)) rows = std::min(rows, static_cast<int>(trace.query_tokens(kind).size()));
  }
  return rows;
}

// The rows to compute (empty: every row), from the queries argument.
std::vector<int> chosen_rows(const PythonTrace& trace, core::AttentionMethod method, const QueriesArgument& queries) {
  const bool raw = method == core::AttentionMethod::Raw;
  const bool per_row_cost = method == core::AttentionMethod::ValueZeroing || method == core::AttentionMethod::Flow;
  if (const std::string* word = std::get_if<std::string>(&queries)) {
    if (*word == "all") return {};
    if (*word != "auto") {
      throw core::InputError("queries takes 'auto', 'all', a number of rows or a list of rows, not '" + *word + "'");
    }
    // the app's rule: a sample on an on-demand trace (a long input), for the methods paid per row
    const int rows = common_query_rows(trace, method);
    if (!per_row_cost || trace.result().trace.is_dense() || rows <= core::method_query_sample) return {};
    return core::sampled_queries(rows);
  }
  if (raw) throw core::InputError("queries applies to method norm, value-zeroing, rollout or flow; raw gives every row");
  if (const int* count = std::get_if<int>(&queries)) {
    if (*count < 1) throw core::InputError("queries is a number of rows ≥ 1, not " + std::to_string(*count));
    const int rows = common_query_rows(trace, method);
    return *count >= rows ? std::vector<int>{} : core::sampled_queries(rows, *count);
  }
  const std::vector<int>& rows = std::get<std::vector<int>>(queries);
  if (rows.empty()) throw core::InputError("queries is an empty list: give the rows to compute, or 'all'");
  return rows;
}

}  // namespace

py::dict method_rows_dict(const PythonTrace& trace, const std::string& kind_name, std::optional<int> layer,
                          const std::string& method_name, const QueriesArgument& queries, bool summed,
                          const std::optional<MemorySize>& memory_budget, const std::optional<py::function>& progress) {
  const core::AttentionKind kind = trace.kind(kind_name);
  const core::AttentionMethod method = method_argument(method_name);
  check_method_request(method, summed, kind);
  const int l = layer ? trace.layer_index(kind, *layer) : -1;
  const std::size_t budget = memory_budget_argument(memory_budget, trace.memory_budget());
  MethodRequest request;
  request.method = method;
  request.layer = l;
  request.queries = chosen_rows(trace, method, queries);
  const int query_rows = static_cast<int>(trace.query_tokens(kind).size());
  const ProgressHook hook(progress);
  request.progress = hook.fraction(method_work(trace, method, l, request.queries));
  request.pass_progress = hook.signals_only();
  const MethodMatrices computed = run_cancellable(hook, [&] { return trace.method_result(request); });
  const core::AttentionTrace& matrices = summed ? computed.result->summed : computed.result->trace;

  // [layer, matrix, query, key] over the layers asked
  std::vector<int> layers;
  if (l >= 0) layers.push_back(l);
  else
    for (int m = 0; m < matrices.layer_count(kind); ++m) layers.push_back(m);
  const auto count = static_cast<py::ssize_t>(matrices.head_count(kind, layers.front()));
  const std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(layers.size()), count, query_rows,
                                       static_cast<py::ssize_t>(trace.key_tokens(kind).size())};
  check_copy_budget("method_rows('" + kind_name + "')", shape, budget);
  py::array_t<float> all(shape);
  float* out = all.mutable_data();
  for (const int m : layers) {
    for (int h = 0; h < count; ++h) {
      const core::RowMatrix matrix = matrices.attention(kind, m, h);
      out = std::copy(matrix.data(), matrix.data() + matrix.size(), out);
    }
  }
  // the rows computed, in order (core's chosen_queries: sorted, without repeats)
  std::vector<int> rows = request.queries;
  if (rows.empty()) {
    for (int i = 0; i < query_rows; ++i) rows.push_back(i);
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());

  py::dict result;
  result["method"] = core::to_string(method);
  result["kind"] = kind_name;
  result["layer"] = layer ? py::object(py::int_(l)) : py::object(py::none());
  result["attention"] = l >= 0 ? py::array(all[py::int_(0)]) : py::array(all);
  result["queries"] = rows;
  result["query_rows"] = query_rows;
  result["sampled"] = static_cast<int>(rows.size()) < query_rows;
  result["pass_attention"] = computed.dense_pass ? "dense" : "on-demand";
  return result;
}

}  // namespace attnscope_python
