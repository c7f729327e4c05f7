#pragma once
// attnscope.Trace: one forward pass's attention, handed to NumPy.
//   t.attention(kind, layer)          α̂ of every head of one layer: float32 [head, query, key]
//   t.attention(kind, layer, head)    one head: float32 [query, key], a read-only view, no copy
//   t.attention_all(kind)             every layer: float32 [layer, head, query, key], within the budget
//   t.attention(kind, layer, method="norm", words=True, …)
//                                     another method's matrices, read as text (python_methods.h): new arrays
// The trace keeps each head's α̂ (T_q, T_k) as its own row-major matrix (core/model/trace.h), so one
// head is always a zero-copy view (for every kind), and a whole layer is a view only when it has
// one head; otherwise the heads are copied into one new array. A view's base is the Trace object,
// so the numbers stay alive as long as any array over them does. A trace kept on demand (a long
// input, or trace(..., attention="on-demand")) computes α̂ when asked, into new arrays.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "model/model_input.h"
#include "model/model_spec.h"
#include "model/prepare_inputs.h"
#include "model/transformer.h"
#include "python_arguments.h"
#include "python_methods.h"
#include "python_reading.h"

namespace attnscope_python {

class PythonTrace {
 public:
  // model and options: what the pass ran with, for the methods that run their own (python_methods.h).
  // memory_budget: what attention_all may allocate (0: no limit), the model's budget.
  PythonTrace(std::shared_ptr<const core::Model> model, const core::ForwardOptions& options, core::ModelInput input,
              core::ForwardResult result, std::size_t memory_budget);

  // The kinds this model has, in the order encoder_self, decoder_self, decoder_cross.
  const std::vector<std::string>& kinds() const { return kinds_; }
  const core::Model& model() const { return *model_; }
  const core::ModelInput& input() const { return input_; }
  const core::ForwardResult& result() const { return result_; }
  std::size_t memory_budget() const { return memory_budget_; }
  // The method's result over this pass's input as request asks (python_methods.h), computed once.
  MethodMatrices method_result(const MethodRequest& request) const;

  // The kind called name; throws core::InputError naming the kinds this model has.
  core::AttentionKind kind(const std::string& name) const;
  // layer counted from 0, or from the end when negative (Python's rule); throws pybind11::index_error.
  int layer_index(core::AttentionKind kind, int layer) const;
  int head_index(int head) const;
  int heads() const { return heads_; }
  // The tokens along a kind's query and key axes.
  const core::Tokenization& query_tokens(core::AttentionKind kind) const;
  const core::Tokenization& key_tokens(core::AttentionKind kind) const;
  // {"source": source, "target": target}, with only the sides this model has.
  pybind11::dict sides(const pybind11::object& source, const pybind11::object& target) const;

 private:
  std::shared_ptr<const core::Model> model_;
  core::ForwardOptions options_;
  std::shared_ptr<MethodCache> methods_ = std::make_shared<MethodCache>();
  bool has_source_ = false;  // the model has an encoder
  bool has_target_ = false;  // the model has a decoder
  std::vector<std::string> kinds_;
  std::vector<int> layers_;  // per entry of kinds_
  int heads_ = 0;
  core::ModelInput input_;
  core::ForwardResult result_;
  std::size_t memory_budget_ = 0;
};

// The NumPy side; self is the Python Trace object (the base of every view). method and reading:
// python_methods.h; summed: norm's sum over heads; top_p: only each row's top-p keys; progress:
// progress(done, total) of a method's computation (python_progress.h).
pybind11::array attention_array(const pybind11::object& self, const std::string& kind, int layer,
                                std::optional<int> head, const std::string& method, bool summed,
                                const ReadingArguments& reading, std::optional<double> top_p,
                                const std::optional<pybind11::function>& progress = std::nullopt);
// memory_budget: what the copy may take (None: the model's budget; 0: no limit).
pybind11::array attention_all_array(const PythonTrace& trace, const std::string& kind,
                                    const std::optional<MemorySize>& memory_budget, const std::string& method,
                                    bool summed, const ReadingArguments& reading, std::optional<double> top_p,
                                    const std::optional<pybind11::function>& progress = std::nullopt);

// Refuses an array of this shape ([layer, head, query, key]) over budget (0: no limit) with
// core::MemoryBudgetError, saying both sizes; what: the call ("attention_all('encoder_self')").
void check_copy_budget(const std::string& what, const std::vector<pybind11::ssize_t>& shape, std::size_t budget);

void bind_trace(pybind11::module_& module);

}  // namespace attnscope_python
