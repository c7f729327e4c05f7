#pragma once
// The model a command names: a folder, or a repository id in the Hugging Face cache
// (core/hub/model_location.h). The note saying which was opened goes to standard error, so
// standard output stays the command's result.

#include <filesystem>
#include <string>

#include "model/model.h"

namespace cli {

// The folder argument names; prints "note: opened org/name from the Hugging Face cache: …" when
// the cache supplied it. Throws core::LoadError (cache problems, unknown "org/name").
std::filesystem::path locate_model_folder(const std::string& argument);

// locate_model_folder, then core::load_model.
core::Model open_model(const std::string& argument);

}  // namespace cli
