#pragma once
// Arguments a notebook gives as Python values, read the way attnscope-cli reads its flags.

#include <cstddef>
#include <optional>
#include <string>
#include <variant>

#include "model/model.h"

namespace attnscope_python {

// A memory budget given as bytes (int) or as text ("512M", "2G", "1.5GiB"; 0: no limit).
using MemorySize = std::variant<std::size_t, std::string>;

// Bytes; fallback when none is given. Throws core::InputError for text that is not a size.
std::size_t memory_budget_argument(const std::optional<MemorySize>& budget, std::size_t fallback);

// "exact" or "fast"; throws core::InputError otherwise.
core::Precision precision_argument(const std::string& name);

}  // namespace attnscope_python
