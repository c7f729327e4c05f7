#include "python_trace.h"

#include <algorithm>

#include <pybind11/stl.h>

#include "model/memory_budget.h"
#include "model/memory_estimate.h"
#include "python_arguments.h"
#include "python_method_rows.h"
#include "python_progress.h"
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

}  // namespace

PythonTrace::PythonTrace(std::shared_ptr<const core::Model> model, const core::ForwardOptions& options,
                         core::ModelInput input, core::ForwardResult result, std::size_t memory_budget)
    : model_(std::move(model)),
      options_(options),
      has_source_(model_->spec().has_encoder()),
      has_target_(model_->spec().has_decoder()),
      heads_(model_->spec().heads()),
      input_(std::move(input)),
      result_(std::move(result)),
      memory_budget_(memory_budget) {
  for (const core::AttentionKind kind : all_kinds) {
    if (model_->spec().layers(kind) == 0) continue;
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

MethodMatrices PythonTrace::method_result(const MethodRequest& request) const {
  return methods_->get(*model_, input_, options_, request);
}

int PythonTrace::head_index(int head) const { return checked_index(head, heads_, "head"); }

const core::Tokenization& PythonTrace::query_tokens(core::AttentionKind kind) const {
  return kind == core::AttentionKind::EncoderSelf ? input_.source : input_.target;
}

const core::Tokenization& PythonTrace::key_tokens(core::AttentionKind kind) const {
  return kind == core::AttentionKind::DecoderSelf ? input_.target : input_.source;
}

namespace {

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

// matrices → float32 [n, query, key], a new array.
py::array stacked(const std::vector<core::RowMatrix>& matrices, py::ssize_t queries, py::ssize_t keys) {
  py::array_t<float> array({static_cast<py::ssize_t>(matrices.size()), queries, keys});
  float* out = array.mutable_data();
  for (const core::RowMatrix& matrix : matrices) out = std::copy(matrix.data(), matrix.data() + matrix.size(), out);
  return array;
}

// Another method's layer, or one read as text: computed (without the GIL) into new arrays.
py::array read_attention(const PythonTrace& trace, core::AttentionKind kind, int layer, std::optional<int> head,
                         core::AttentionMethod method, bool summed, const core::ReadingOptions& reading,
                         std::optional<double> top_p, const std::optional<py::function>& progress) {
  const int l = trace.layer_index(kind, layer);
  const ProgressHook hook(progress);
  MethodRequest hooks;
  hooks.progress = hook.fraction(method_work(trace, method, l, {}));
  hooks.pass_progress = hook.signals_only();
  const ReadLayer read =
      run_cancellable(hook, [&] { return read_layer(trace, kind, l, method, summed, reading, top_p, false, hooks); });
  const auto queries = static_cast<py::ssize_t>(read.query_labels.size());
  const auto keys = static_cast<py::ssize_t>(read.key_labels.size());
  if (!head) return stacked(read.matrices, queries, keys);
  const int count = static_cast<int>(read.matrices.size());
  if (count == 1 && (summed || !core::is_per_head(method)) && *head != 0 && *head != -1) {
    throw py::index_error("head " + std::to_string(*head) + " is out of range: method '" + core::to_string(method) +
                          (summed ? "' summed over heads" : "'") + " gives one matrix per layer (head 0, or None)");
  }
  const core::RowMatrix& matrix = read.matrices[static_cast<std::size_t>(checked_index(*head, count, "head"))];
  py::array_t<float> one({queries, keys});
  std::copy(matrix.data(), matrix.data() + matrix.size(), one.mutable_data());
  return one;
}

}  // namespace

py::array attention_array(const py::object& self, const std::string& kind_name, int layer, std::optional<int> head,
                          const std::string& method_name, bool summed, const ReadingArguments& reading_arguments,
                          std::optional<double> top_p, const std::optional<py::function>& progress) {
  const PythonTrace& trace = self.cast<const PythonTrace&>();
  const core::AttentionKind kind = trace.kind(kind_name);
  const core::AttentionMethod method = method_argument(method_name);
  const core::ReadingOptions reading = reading_options(reading_arguments);
  if (method != core::AttentionMethod::Raw || summed || !reading.is_identity() || top_p) {
    return read_attention(trace, kind, layer, head, method, summed, reading, top_p, progress);
  }
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

void check_copy_budget(const std::string& what, const std::vector<py::ssize_t>& shape, std::size_t budget) {
  // bytes = L · H · T_q · T_k · 4 (float32)
  std::size_t bytes = sizeof(float);
  for (const py::ssize_t size : shape) bytes *= static_cast<std::size_t>(size);
  if (budget > 0 && bytes > budget) {
    throw core::MemoryBudgetError(what + " needs about " + core::format_bytes(bytes) + " ([" +
                                  std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + ", " +
                                  std::to_string(shape[2]) + ", " + std::to_string(shape[3]) +
                                  "] float32) but the memory budget is " + core::format_bytes(budget) +
                                  "; take one layer at a time with attention(kind, layer), or open the model with a "
                                  "larger memory_budget (0: no limit)");
  }
}

py::array attention_all_array(const PythonTrace& trace, const std::string& kind_name,
                              const std::optional<MemorySize>& memory_budget, const std::string& method_name,
                              bool summed, const ReadingArguments& reading_arguments, std::optional<double> top_p,
                              const std::optional<py::function>& progress) {
  const std::size_t budget = memory_budget_argument(memory_budget, trace.memory_budget());
  const core::AttentionKind kind = trace.kind(kind_name);
  const core::AttentionMethod method = method_argument(method_name);
  const core::ReadingOptions reading = reading_options(reading_arguments);
  const core::AttentionTrace& attention = trace.result().trace;
  const int layer_count = attention.layer_count(kind);
  if (method != core::AttentionMethod::Raw || summed || !reading.is_identity() || top_p) {
    // the labels (and a token to hide that is not there) and the shape before any work
    check_method_request(method, summed, kind);
    const auto [query_labels, key_labels] = reading_labels(trace, kind, reading);
    const int matrices = core::is_per_head(method) && !summed ? trace.heads() : 1;
    const std::vector<py::ssize_t> shape{layer_count, matrices, static_cast<py::ssize_t>(query_labels.size()),
                                         static_cast<py::ssize_t>(key_labels.size())};
    check_copy_budget("attention_all('" + kind_name + "')", shape, budget);
    py::array_t<float> array(shape);
    float* out = array.mutable_data();
    const ProgressHook hook(progress);
    MethodRequest hooks;
    hooks.progress = hook.fraction(method_work(trace, method, -1, {}));
    hooks.pass_progress = hook.signals_only();
    // the buffer is written without the GIL; nothing else holds the new array yet
    run_cancellable(hook, [&] {
      for (int l = 0; l < layer_count; ++l) {
        const ReadLayer read = read_layer(trace, kind, l, method, summed, reading, top_p, true, hooks);
        // every layer must fill its part of the buffer exactly: [matrices, T_q, T_k]
        bool fits = read.matrices.size() == static_cast<std::size_t>(matrices);
        for (const core::RowMatrix& matrix : read.matrices) {
          fits = fits && matrix.rows() == shape[2] && matrix.cols() == shape[3];
        }
        if (!fits) {
          throw core::InputError(kind_name + " layer " + std::to_string(l) + " of method '" + core::to_string(method) +
                                 "' does not have the expected shape");
        }
        for (const core::RowMatrix& matrix : read.matrices) {
          out = std::copy(matrix.data(), matrix.data() + matrix.size(), out);
        }
      }
    });
    return array;
  }
  const std::vector<py::ssize_t> shape{layer_count, trace.heads(), attention.query_count(kind, 0),
                                       attention.key_count(kind, 0)};
  check_copy_budget("attention_all('" + kind_name + "')", shape, budget);
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
          [](const PythonTrace& trace, const std::string& kind, bool words, bool hide_special,
             const std::optional<HideTokens>& hide_token, const std::optional<std::string>& pair_filter) {
            const ReadingArguments reading{words, hide_special, hide_token, pair_filter};
            return reading_labels(trace, trace.kind(kind), reading_options(reading)).first;
          },
          py::arg("kind"), py::kw_only(), py::arg("words") = false, py::arg("hide_special") = false,
          py::arg("hide_token") = py::none(), py::arg("pair_filter") = py::none(),
          "The labels along a kind's query axis (the rows): the tokens, or the words and tokens the same reading "
          "options as attention() leave.")
      .def(
          "key_tokens",
          [](const PythonTrace& trace, const std::string& kind, bool words, bool hide_special,
             const std::optional<HideTokens>& hide_token, const std::optional<std::string>& pair_filter) {
            const ReadingArguments reading{words, hide_special, hide_token, pair_filter};
            return reading_labels(trace, trace.kind(kind), reading_options(reading)).second;
          },
          py::arg("kind"), py::kw_only(), py::arg("words") = false, py::arg("hide_special") = false,
          py::arg("hide_token") = py::none(), py::arg("pair_filter") = py::none(),
          "The labels along a kind's key axis (the columns), as query_tokens.")
      .def_property_readonly(
          "sequence_ids",
          [](const PythonTrace& trace) {
            return trace.sides(py::cast(trace.input().source.sequence_ids),
                               py::cast(trace.input().target.sequence_ids));
          },
          "A text pair's tokens by text, by side as in tokens: 0 for text A, 1 for text B, -1 for the pair's own "
          "special tokens; empty lists for one text.")
      .def_property_readonly(
          "logits",
          [](const PythonTrace& trace) -> py::object {
            const core::RowVector& logits = trace.result().last_logits;
            if (logits.size() == 0) return py::none();
            return py::array_t<float>(logits.size(), logits.data());
          },
          "The output layer's logits at the last position (a copy), or None without a language-model head.")
      .def(
          "attention",
          [](const py::object& self, const std::string& kind, int layer, std::optional<int> head,
             const std::string& method, bool summed, bool words, bool hide_special,
             const std::optional<HideTokens>& hide_token, const std::optional<std::string>& pair_filter,
             std::optional<double> top_p, const std::optional<py::function>& progress) {
            return attention_array(self, kind, layer, head, method, summed,
                                   ReadingArguments{words, hide_special, hide_token, pair_filter}, top_p, progress);
          },
          py::arg("kind"), py::arg("layer"), py::arg("head") = py::none(), py::kw_only(), py::arg("method") = "raw",
          py::arg("summed") = false, py::arg("words") = false, py::arg("hide_special") = false,
          py::arg("hide_token") = py::none(), py::arg("pair_filter") = py::none(), py::arg("top_p") = py::none(),
          py::arg("progress") = py::none(),
          "α̂ of one layer as float32 [head, query, key] (a copy when the layer has several heads), or of one "
          "head as a read-only float32 [query, key] view (no copy). Negative layer and head count from the end. "
          "method: raw, norm, value-zeroing, rollout or flow (docs/methods.md; the last three give one matrix per "
          "layer, [1, query, key]); summed=True with norm: the heads' summed output. words, hide_special, "
          "hide_token, pair_filter: read as text (docs/reading.md). top_p: per query only the smallest set of keys "
          "holding that share of the row, the others 0. Anything but raw α̂ is a new array. progress: "
          "progress(done, total) while a method computes (query rows); returning False cancels (Cancelled).")
      .def(
          "attention_all",
          [](const PythonTrace& trace, const std::string& kind, const std::optional<MemorySize>& memory_budget,
             const std::string& method, bool summed, bool words, bool hide_special,
             const std::optional<HideTokens>& hide_token, const std::optional<std::string>& pair_filter,
             std::optional<double> top_p, const std::optional<py::function>& progress) {
            return attention_all_array(trace, kind, memory_budget, method, summed,
                                       ReadingArguments{words, hide_special, hide_token, pair_filter}, top_p, progress);
          },
          py::arg("kind"), py::arg("memory_budget") = py::none(), py::kw_only(), py::arg("method") = "raw",
          py::arg("summed") = false, py::arg("words") = false, py::arg("hide_special") = false,
          py::arg("hide_token") = py::none(), py::arg("pair_filter") = py::none(), py::arg("top_p") = py::none(),
          py::arg("progress") = py::none(),
          "Every layer of one kind as a new float32 [layer, head, query, key] array; refused with "
          "MemoryBudgetError when its size is over memory_budget (bytes or \"2G\"; None: the model's budget, "
          "0: no limit). method, the reading options and progress as for attention().")
      .def("method_rows", &method_rows_dict, py::arg("kind"), py::arg("layer") = py::none(), py::kw_only(),
           py::arg("method"), py::arg("queries") = "auto", py::arg("summed") = false,
           py::arg("memory_budget") = py::none(), py::arg("progress") = py::none(),
           "A method's matrices over some query rows, as `attnscope-cli dump --method M --only-queries ...`, and "
           "which rows were computed: a dict of method, kind, layer, attention (float32 [matrix, query, key], or "
           "[layer, matrix, query, key] when layer is None; rows not computed are 0), queries (the rows computed), "
           "query_rows, sampled and pass_attention ('dense' or 'on-demand'). queries: 'auto' (value zeroing and "
           "flow on an on-demand trace compute 64 evenly spaced rows, as the app; else every row), 'all', a number "
           "of evenly spaced rows, or a list of rows. progress(done, total): rows done; returning False cancels.")
      .def("__repr__", [](const PythonTrace& trace) {
        return "<attnscope.Trace kinds=" + joined(trace.kinds()) + ">";
      });
}

}  // namespace attnscope_python
