#include "cli_model.h"

#include <iostream>

#include "families/load_model.h"
#include "hub/hf_cache.h"
#include "hub/model_location.h"
#include "model/memory_budget.h"

namespace cli {

std::filesystem::path locate_model_folder(const std::string& argument) {
  const std::filesystem::path cache = core::hf_cache_root(core::HfCacheEnvironment::from_process());
  const core::ModelLocation location = core::locate_model(argument, cache);
  if (!location.note.empty()) std::cerr << "note: " << location.note << '\n';
  return location.folder;
}

core::Model open_model(const std::string& argument, std::optional<std::size_t> memory_budget) {
  return core::load_model(locate_model_folder(argument), memory_budget.value_or(core::default_memory_budget()));
}

}  // namespace cli
