#include "cli_options.h"

#include <charconv>

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

std::string Options::required(const std::string& flag) const {
  const std::optional<std::string> found = value(flag);
  if (!found) throw UsageError(flag + " is required");
  return *found;
}

std::vector<int> parse_id_list(const std::string& flag, const std::string& text) {
  std::vector<int> ids;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    int id = 0;
    const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (item.empty() || error != std::errc() || end != item.data() + item.size()) {
      throw UsageError(flag + ": \"" + item + "\" is not an integer token id");
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

std::string kernels_line() {
  const core::Isa active = core::active_isa();
  std::string line = std::string(core::to_string(active));
  if (active == core::detected_isa()) line += " (this CPU's best)";
  else line += std::string(" (ATTNSCOPE_ISA; this CPU's best is ") + core::to_string(core::detected_isa()) + ")";
  if (!core::isa_note().empty()) line += "; " + core::isa_note();
  return line;
}

}  // namespace cli
