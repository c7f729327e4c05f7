#include "cli_options.h"

#include <charconv>

#include "model/memory_budget.h"
#include "tensor/isa.h"

namespace cli {

Options::Options(const std::vector<std::string>& arguments, const std::set<std::string>& value_flags,
                 const std::set<std::string>& switches) {
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument.rfind("--", 0) != 0) {
      positionals_.push_back(argument);
    } else if (switches.contains(argument)) {
      switches_.insert(argument);
    } else if (value_flags.contains(argument)) {
      if (i + 1 >= arguments.size()) throw UsageError(argument + " needs a value");
      values_[argument] = arguments[++i];
      all_values_[argument].push_back(arguments[i]);
    } else {
      throw UsageError("unknown option " + argument);
    }
  }
}

std::optional<std::string> Options::value(const std::string& flag) const {
  const auto found = values_.find(flag);
  if (found == values_.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> Options::all(const std::string& flag) const {
  const auto found = all_values_.find(flag);
  return found == all_values_.end() ? std::vector<std::string>{} : found->second;
}

std::string Options::required(const std::string& flag) const {
  const std::optional<std::string> found = value(flag);
  if (!found) throw UsageError(flag + " is required");
  return *found;
}

std::vector<int> parse_id_list(const std::string& flag, const std::string& text) {
  return parse_int_list(flag, text, "token id");
}

std::vector<int> parse_int_list(const std::string& flag, const std::string& text, const std::string& noun) {
  std::vector<int> ids;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    int id = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (item.empty() || error != std::errc() || end != item.data() + item.size()) {
      throw UsageError(flag + ": \"" + item + "\" is not an integer " + noun);
    }
    ids.push_back(id);
    start = comma + 1;
  }
  return ids;
}

core::Precision precision_option(const Options& options) {
  const std::optional<std::string> value = options.value("--precision");
  if (!value) return core::Precision::Exact;
  if (const std::optional<core::Precision> precision = core::parse_precision(*value)) return *precision;
  throw UsageError("--precision takes exact or fast, not \"" + *value + "\"");
}

core::AttentionStorage attention_option(const Options& options) {
  const std::optional<std::string> value = options.value("--attention");
  if (!value) return core::AttentionStorage::Auto;
  if (const std::optional<core::AttentionStorage> storage = core::parse_attention_storage(*value)) return *storage;
  throw UsageError("--attention takes dense, on-demand or auto, not \"" + *value + "\"");
}

std::size_t memory_budget_option(const Options& options) {
  const std::optional<std::string> value = options.value("--memory-budget");
  if (!value) return core::default_memory_budget();
  if (const std::optional<std::size_t> budget = core::parse_memory_size(*value)) return *budget;
  throw UsageError("--memory-budget takes a size such as 512M, 2G or 1.5GiB (0: no limit), not \"" + *value + "\"");
}

core::TraceSelection trace_selection_option(const Options& options, const core::ModelSpec& spec) {
  core::TraceSelection selection;
  if (const auto layers = options.value("--only-layers")) selection.layers = parse_int_list("--only-layers", *layers, "layer");
  if (const auto heads = options.value("--only-heads")) selection.heads = parse_int_list("--only-heads", *heads, "head");
  if (const auto problem = core::layer_selection_problem(selection.layers, spec)) throw UsageError("--only-layers: " + *problem);
  if (const auto problem = core::head_selection_problem(selection.heads, spec)) throw UsageError("--only-heads: " + *problem);
  return selection;
}

std::string kernels_line() {
  const core::Isa active = core::active_isa();
  std::string line = std::string(core::to_string(active));
  if (active == core::detected_isa()) line += " (this CPU's best)";
  else line += std::string(" (ATTNSCOPE_ISA; this CPU's best is ") + core::to_string(core::detected_isa()) + ")";
  if (!core::isa_note().empty()) line += "; " + core::isa_note();
  return line;
}

}  // namespace cli
