#pragma once
// The tensors of a model folder, in one of HuggingFace's two layouts:
//   single file  model.safetensors
//   sharded      model.safetensors.index.json {"metadata": {..}, "weight_map": {tensor name → shard file}}
//                plus the shard files it names (model-00001-of-00002.safetensors, …)
// Either way every file stays memory-mapped, and a tensor is looked up by name alone: the
// binder never needs to know which layout it is reading.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "io/safetensors.h"

namespace core {

// A tensor and the file that holds it; both null when the checkpoint has no such tensor.
struct StoredTensor {
  const SafetensorsFile* file = nullptr;
  const TensorInfo* tensor = nullptr;

  explicit operator bool() const { return tensor != nullptr; }
};

class Checkpoint {
 public:
  static constexpr const char* single_file_name = "model.safetensors";
  static constexpr const char* index_file_name = "model.safetensors.index.json";

  // Opens the checkpoint of a model folder. As HF's from_pretrained does, model.safetensors wins
  // when present; otherwise model.safetensors.index.json names the shards. Throws core::LoadError
  // naming the file (and tensor) at the first problem, before any weight is used:
  //   - model.safetensors (when neither file exists): SafetensorsFile::open's messages;
  //   - the index: not JSON, no weight_map object, a value that is not a file name in the folder;
  //   - each shard the index names: missing, or any of SafetensorsFile::open's checks;
  //   - each tensor the index maps: absent from its shard, or also present in another shard.
  static Checkpoint open(const std::filesystem::path& folder);

  // The tensor called name: the index decides which shard holds it (a tensor the index does not
  // map is absent, as HF ignores it).
  StoredTensor find(std::string_view name) const;
  // Every opened file: model.safetensors, or the shards in file name order.
  const std::vector<SafetensorsFile>& files() const { return files_; }
  // The file a tensor's absence is reported against: model.safetensors or the index.
  const std::string& name() const { return name_; }

 private:
  Checkpoint() = default;
  static Checkpoint open_sharded(const std::filesystem::path& folder);

  std::string name_;
  std::vector<SafetensorsFile> files_;
  // Sharded only: tensor name → index into files_.
  std::map<std::string, std::size_t, std::less<>> shard_of_;
};

}  // namespace core
