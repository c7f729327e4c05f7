#include "python_arguments.h"

#include "model/memory_budget.h"
#include "tensor/errors.h"

namespace attnscope_python {

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

}  // namespace attnscope_python
