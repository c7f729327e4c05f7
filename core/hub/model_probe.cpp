#include "hub/model_probe.h"

#include "families/model_families.h"
#include "families/registry.h"
#include "io/checkpoint.h"
#include "io/config_reader.h"
#include "tensor/errors.h"

namespace core {

namespace fs = std::filesystem;

namespace {

// The folder itself, worded as load_model words it.
std::string folder_problem(const fs::path& folder) {
  std::error_code error;
  const fs::file_status status = fs::status(folder, error);
  if (error && error != std::errc::no_such_file_or_directory) {
    return folder.string() + ": cannot be opened: " + error.message();
  }
  if (!fs::exists(status)) return folder.string() + ": no such folder";
  if (!fs::is_directory(status)) return folder.string() + ": is not a folder; open the folder that holds config.json";
  return {};
}

// The family check load_model makes after reading config.json.
void check_family(const ConfigReader& config) {
  const std::string model_type = config.string("model_type");
  if (find_family(model_type) != nullptr) return;
  const std::string architecture = class_name(config);
  config.fail((architecture.empty() ? "" : architecture + " (") + "model_type \"" + model_type + "\"" +
              (architecture.empty() ? "" : ")") + " is not supported; supported model types: " +
              supported_model_types());
}

}  // namespace

FolderProbe probe_model_folder(const fs::path& folder) {
  FolderProbe probe;
  probe.problem = folder_problem(folder);
  if (!probe.opens()) return probe;
  try {
    // What to show even when the weights are broken.
    const ConfigReader config = ConfigReader::open(folder / "config.json");
    probe.model_type = config.string_or("model_type", "");
    probe.architecture = class_name(config);
    if (probe.architecture.empty()) probe.architecture = probe.model_type;
  } catch (const LoadError&) {
    // reported below, in the loader's order
  }
  try {
    // load_model's order: the checkpoint's framing, then config.json, then the family.
    const Checkpoint checkpoint = Checkpoint::open(folder);
    check_family(ConfigReader::open(folder / "config.json"));
  } catch (const LoadError& error) {
    probe.problem = error.what();
  }
  return probe;
}

}  // namespace core
