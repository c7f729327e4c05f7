#include "python_arguments.h"

#include <pybind11/pybind11.h>

#include "analysis/methods/recorded_pass.h"
#include "model/memory_budget.h"
#include "tensor/errors.h"

namespace attnscope_python {

void check_text(const std::string& text) {
  if (text.find_first_not_of(" \t\n\r\f\v") == std::string::npos) throw core::InputError("the text is empty");
}

std::size_t memory_budget_argument(const std::optional<MemorySize>& budget, std::size_t fallback) {
  if (!budget) return fallback;
  if (const std::size_t* bytes = std::get_if<std::size_t>(&*budget)) return *bytes;
  const std::string& text = std::get<std::string>(*budget);
  if (const std::optional<std::size_t> bytes = core::parse_memory_size(text)) return *bytes;
  throw core::InputError("memory_budget takes bytes or a size such as \"512M\", \"2G\" or \"1.5GiB\" (0: no limit), not \"" +
                         text + "\"");
}

core::Precision precision_argument(const std::string& name) {
  if (const std::optional<core::Precision> precision = core::parse_precision(name)) return *precision;
  throw core::InputError("precision is \"exact\" or \"fast\", not \"" + name + "\"");
}

core::AttentionKind kind_argument(const core::ModelSpec& spec, const std::optional<std::string>& name) {
  const std::vector<core::AttentionKind> kinds = core::model_attention_kinds(spec);
  if (!name) return kinds.front();
  std::string names;
  for (const core::AttentionKind kind : kinds) {
    if (*name == core::to_string(kind)) return kind;
    names += (names.empty() ? "" : ", ") + std::string(core::to_string(kind));
  }
  throw core::InputError("unknown attention kind '" + *name + "'; this model has " + names);
}

int checked_index(int index, int count, const std::string& what) {
  if (index < -count || index >= count) {
    throw pybind11::index_error(what + " " + std::to_string(index) + " is out of range: there are " +
                                std::to_string(count) + " (0 to " + std::to_string(count - 1) +
                                ", or -1 for the last)");
  }
  return index < 0 ? index + count : index;
}

core::HeadRef head_argument(const core::ModelSpec& spec, core::AttentionKind kind, int layer, int head) {
  return {kind, checked_index(layer, spec.layers(kind), std::string(core::to_string(kind)) + " layer"),
          checked_index(head, spec.heads(), "head")};
}

core::HeadRef head_ref_argument(const core::ModelSpec& spec, const HeadArgument& head) {
  if (const auto* pair = std::get_if<std::tuple<int, int>>(&head)) {
    return head_argument(spec, kind_argument(spec, std::nullopt), std::get<0>(*pair), std::get<1>(*pair));
  }
  const auto& [kind, layer, h] = std::get<std::tuple<std::string, int, int>>(head);
  return head_argument(spec, kind_argument(spec, kind), layer, h);
}

}  // namespace attnscope_python
