#pragma once
// The model a command names: a folder, or a repository id in the Hugging Face cache
// (core/hub/model_location.h). The note saying which was opened goes to standard error, so
// standard output stays the command's result.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "model/model.h"

namespace cli {

// The folder argument names; prints "note: opened org/name from the Hugging Face cache: …" when
// the cache supplied it. Throws core::LoadError (cache problems, unknown "org/name").
std::filesystem::path locate_model_folder(const std::string& argument);

// locate_model_folder, then core::load_model with memory_budget (bytes, 0: no limit; nullopt: the
// default, half the available RAM), which bounds what a GGUF file's dequantised weights take.
core::Model open_model(const std::string& argument, std::optional<std::size_t> memory_budget = std::nullopt);

}  // namespace cli
