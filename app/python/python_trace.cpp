#include "python_trace.h"

#include <algorithm>

#include <pybind11/stl.h>

#include "model/memory_budget.h"
#include "model/memory_estimate.h"
#include "python_arguments.h"
#include "tensor/errors.h"

namespace py = pybind11;

namespace attnscope_python {

namespace {

constexpr core::AttentionKind all_kinds[] = {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf,
                                             core::AttentionKind::DecoderCross};

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Python's rule for an index into count items: −count ≤ index < count, negative from the end.
int checked_index(int index, int count, const std::string& what) {
  if (index < -count || index >= count) {
    throw py::index_error(what + " " + std::to_string(index) + " is out of range: there are " + std::to_string(count) +
                          " (0 to " + std::to_string(count - 1) + ", or -1 for the last)");
  }
  return index < 0 ? index + count : index;
}

}  // namespace

PythonTrace::PythonTrace(const core::ModelSpec& spec, core::ModelInput input, core::ForwardResult result,
                         std::size_t memory_budget)
    : has_source_(spec.has_encoder()),
      has_target_(spec.has_decoder()),
      heads_(spec.heads()), input_(std::move(input)), result_(std::move(result)), memory_budget_(memory_budget) {
  for (const core::AttentionKind kind : all_kinds) {
    if (spec.layers(kind) == 0) continue;
    kinds_.emplace_back(core::to_string(kind));
    layers_.push_back(result_.trace.layer_count(kind));
  }
}

core::AttentionKind PythonTrace::kind(const std::string& name) const {
  for (const core::AttentionKind kind : all_kinds) {
    if (name == core::to_string(kind) && std::find(kinds_.begin(), kinds_.end(), name) != kinds_.end()) return kind;
  }
  throw core::InputError("unknown attention kind '" + name + "'; this model has " + joined(kinds_));
}

int PythonTrace::layer_index(core::AttentionKind kind, int layer) const {
  const auto position = std::find(kinds_.begin(), kinds_.end(), core::to_string(kind)) - kinds_.begin();
  return checked_index(layer, layers_[static_cast<std::size_t>(position)],
                       std::string(core::to_string(kind)) + " layer");
}

py::dict PythonTrace::sides(const py::object& source, const py::object& target) const {
  py::dict sides;
  if (has_source_) sides["source"] = source;
  if (has_target_) sides["target"] = target;
  return sides;
}

int PythonTrace::head_index(int head) const { return checked_index(head, heads_, "head"); }

const core::Tokenization& PythonTrace::query_tokens(core::AttentionKind kind) const {
  return kind == core::AttentionKind::EncoderSelf ? input_.source : input_.target;
}

const core::Tokenization& PythonTrace::key_tokens(core::AttentionKind kind) const {
  return kind == core::AttentionKind::DecoderSelf ? input_.target : input_.source;
}

// α̂ of a trace kept on demand (a long input): computed now, head by head, into a new array.
py::array computed_attention(const PythonTrace& trace, core::AttentionKind kind, int layer, std::optional<int> head) {
  const core::AttentionTrace& attention = trace.result().trace;
  const int l = trace.layer_index(kind, layer);
  const py::ssize_t queries = attention.query_count(kind, l);
  const py::ssize_t keys = attention.key_count(kind, l);
  if (head) {
    const core::RowMatrix matrix = attention.attention(kind, l, trace.head_index(*head));
    py::array_t<float> one({queries, keys});
    std::copy(matrix.data(), matrix.data() + matrix.size(), one.mutable_data());
    return one;
  }
  const int heads = attention.head_count(kind, l);
  py::array_t<float> layer_heads({static_cast<py::ssize_t>(heads), queries, keys});
  float* out = layer_heads.mutable_data();
  for (int h = 0; h < heads; ++h) {
    const core::RowMatrix matrix = attention.attention(kind, l, h);
    out = std::copy(matrix.data(), matrix.data() + matrix.size(), out);
  }
  return layer_heads;
}

py::array attention_array(const py::object& self, const std::string& kind_name, int layer, std::optional<int> head) {
  const PythonTrace& trace = self.cast<const PythonTrace&>();
  const core::AttentionKind kind = trace.kind(kind_name);
  if (!trace.result().trace.is_dense()) return computed_attention(trace, kind, layer, head);
  const std::vector<core::RowMatrix>& heads =
      trace.result().trace.layers(kind)[static_cast<std::size_t>(trace.layer_index(kind, layer))].heads;
  const core::RowMatrix& first = heads.front();
  const py::ssize_t queries = first.rows();
  const py::ssize_t keys = first.cols();
  const py::ssize_t row_stride = keys * static_cast<py::ssize_t>(sizeof(float));
  // One head, or a layer of one head: a view whose base (self) keeps the trace alive.
  if (head || heads.size() == 1) {
    const core::RowMatrix& matrix = heads[static_cast<std::size_t>(head ? trace.head_index(*head) : 0)];
    py::array view = head ? py::array_t<float>({queries, keys}, {row_stride, py::ssize_t{sizeof(float)}}, matrix.data(), self)
                          : py::array_t<float>({py::ssize_t{1}, queries, keys},
                                               {queries * row_stride, row_stride, py::ssize_t{sizeof(float)}},
                                               matrix.data(), self);
    // The trace is shared by every view of it: writing through one would change the others.
    view.attr("setflags")(py::arg("write") = false);
    return view;
  }
  // Several heads, each its own allocation: copied into one [head, query, key] array.
  py::array_t<float> copy({static_cast<py::ssize_t>(heads.size()), queries, keys});
  float* out = copy.mutable_data();
  for (const core::RowMatrix& matrix : heads) out = std::copy(matrix.data(), matrix.data() + matrix.size(), out);
  return copy;
}

py::array attention_all_array(const PythonTrace& trace, const std::string& kind_name,
                              const std::optional<MemorySize>& memory_budget) {
  const std::size_t budget = memory_budget_argument(memory_budget, trace.memory_budget());
  const core::AttentionKind kind = trace.kind(kind_name);
  const core::AttentionTrace& attention = trace.result().trace;
  const int layer_count = attention.layer_count(kind);
  const std::vector<py::ssize_t> shape{layer_count, trace.heads(), attention.query_count(kind, 0),
                                       attention.key_count(kind, 0)};
  // bytes = L · H · T_q · T_k · 4 (float32)
  std::size_t bytes = sizeof(float);
  for (const py::ssize_t size : shape) bytes *= static_cast<std::size_t>(size);
  if (budget > 0 && bytes > budget) {
    throw core::MemoryBudgetError("attention_all('" + kind_name + "') needs about " + core::format_bytes(bytes) + " ([" +
                              std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + ", " +
                              std::to_string(shape[2]) + ", " + std::to_string(shape[3]) +
                              "] float32) but the memory budget is " + core::format_bytes(budget) +
                              "; take one layer at a time with attention(kind, layer), or open the model with a "
                              "larger memory_budget (0: no limit)");
  }
  py::array_t<float> all(shape);
  float* out = all.mutable_data();
  // head by head: a trace kept on demand computes one α̂ at a time (a dense one copies it)
  for (int l = 0; l < layer_count; ++l) {
    for (int h = 0; h < trace.heads(); ++h) {
      const core::RowMatrix matrix = attention.attention(kind, l, h);
      out = std::copy(matrix.data(), matrix.data() + matrix.size(), out);
    }
  }
  return all;
}

void bind_trace(py::module_& module) {
  py::class_<PythonTrace>(module, "Trace",
                          "The attention of one forward pass (Model.trace). Every array is float32; masked "
                          "(future) entries are exactly 0.")
      .def_property_readonly("kinds", &PythonTrace::kinds,
                             "The attention kinds this model has: encoder_self, decoder_self, decoder_cross.")
      .def_property_readonly(
          "tokens",
          [](const PythonTrace& trace) {
            return trace.sides(py::cast(trace.input().source.tokens), py::cast(trace.input().target.tokens));
          },
          "The tokens the pass read: {'source': [...]} (encoder), {'target': [...]} (decoder), or both.")
      .def_property_readonly(
          "ids",
          [](const PythonTrace& trace) {
            return trace.sides(py::cast(trace.input().source.ids), py::cast(trace.input().target.ids));
          },
          "The token ids the pass read, by side as in tokens.")
      .def_property_readonly(
          "truncated",
          [](const PythonTrace& trace) {
            return trace.sides(py::cast(trace.input().source.truncated), py::cast(trace.input().target.truncated));
          },
          "Whether each side's text was cut at the model's maximum length.")
      .def_property_readonly(
          "generated", [](const PythonTrace& trace) { return trace.input().generated; },
          "True when the target is the model's own greedy output (an encoder-decoder model given no target).")
      .def(
          "query_tokens",
          [](const PythonTrace& trace, const std::string& kind) { return trace.query_tokens(trace.kind(kind)).tokens; },
          py::arg("kind"), "The tokens along a kind's query axis (the rows).")
      .def(
          "key_tokens",
          [](const PythonTrace& trace, const std::string& kind) { return trace.key_tokens(trace.kind(kind)).tokens; },
          py::arg("kind"), "The tokens along a kind's key axis (the columns).")
      .def_property_readonly(
          "logits",
          [](const PythonTrace& trace) -> py::object {
            const core::RowVector& logits = trace.result().last_logits;
            if (logits.size() == 0) return py::none();
            return py::array_t<float>(logits.size(), logits.data());
          },
          "The output layer's logits at the last position (a copy), or None without a language-model head.")
      .def("attention", &attention_array, py::arg("kind"), py::arg("layer"), py::arg("head") = py::none(),
           "α̂ of one layer as float32 [head, query, key] (a copy when the layer has several heads), or of one "
           "head as a read-only float32 [query, key] view (no copy). Negative layer and head count from the end.")
      .def("attention_all", &attention_all_array, py::arg("kind"), py::arg("memory_budget") = py::none(),
           "Every layer of one kind as a new float32 [layer, head, query, key] array; refused with "
           "MemoryBudgetError when its size is over memory_budget (bytes or \"2G\"; None: the model's budget, "
           "0: no limit).")
      .def("__repr__", [](const PythonTrace& trace) {
        return "<attnscope.Trace kinds=" + joined(trace.kinds()) + ">";
      });
}

}  // namespace attnscope_python
