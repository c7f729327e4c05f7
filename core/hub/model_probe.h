#pragma once
// Whether a model folder will open, found cheaply: the checks load_model makes before it binds
// any weight (the folder, the checkpoint's framing — file headers, shard index — config.json, and
// a family for its model_type), in load_model's order, so the reason is the message opening would
// give. Tensor names, shapes and the tokenizer files are checked only when the model opens.

#include <filesystem>
#include <string>

namespace core {

struct FolderProbe {
  std::string architecture;  // config.json architectures[0], else its model_type; "" when unreadable
  std::string model_type;    // config.json model_type; "" when absent
  std::string problem;       // the loader's message for the first problem found; "" when none

  bool opens() const { return problem.empty(); }
};

// Never throws for a bad folder: every problem is in FolderProbe::problem.
FolderProbe probe_model_folder(const std::filesystem::path& folder);

}  // namespace core
