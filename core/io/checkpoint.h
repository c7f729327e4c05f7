#pragma once
// The tensors of a model folder, in one of HuggingFace's layouts, in safetensors or in PyTorch's
// torch.save format (io/torch_checkpoint.h):
//   single file  model.safetensors, or pytorch_model.bin
//   sharded      model.safetensors.index.json {"metadata": {..}, "weight_map": {tensor name → shard file}}
//                plus the shard files it names (model-00001-of-00002.safetensors, …), or
//                pytorch_model.bin.index.json and its shards (pytorch_model-00001-of-00002.bin, …)
//   a user's own torch.save(model.state_dict(), "name.pt"): the one *.pt or *.pth file of the folder
// Whichever it is, every file stays memory-mapped as a TensorFile, and a tensor is looked up by
// name alone: the binder never needs to know which layout or format it is reading.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "io/tensor_file.h"

namespace core {

// A tensor and the file that holds it; both null when the checkpoint has no such tensor.
struct StoredTensor {
  const TensorFile* file = nullptr;
  const TensorInfo* tensor = nullptr;

  explicit operator bool() const { return tensor != nullptr; }
};

class Checkpoint {
 public:
  static constexpr const char* single_file_name = "model.safetensors";
  static constexpr const char* index_file_name = "model.safetensors.index.json";
  static constexpr const char* torch_file_name = "pytorch_model.bin";
  static constexpr const char* torch_index_file_name = "pytorch_model.bin.index.json";

  // Opens the checkpoint of a model folder: the first of these that is present, in
  // HF's from_pretrained order (so safetensors wins over a PyTorch file beside it):
  //   model.safetensors, model.safetensors.index.json, pytorch_model.bin,
  //   pytorch_model.bin.index.json, then the folder's only *.pt or *.pth file.
  // Throws core::LoadError naming the file (and tensor) at the first problem, before any weight
  // is used:
  //   - model.safetensors (when none is present): SafetensorsFile::open's messages;
  //   - more than one *.pt/*.pth file and none of the others: which ones;
  //   - an index: not JSON, no weight_map object, a value that is not a file name in the folder;
  //   - each shard an index names: missing, or any of SafetensorsFile::open's or
  //     open_torch_checkpoint's checks;
  //   - each tensor an index maps: absent from its shard, or also present in another shard;
  //   - a PyTorch file: open_torch_checkpoint's messages.
  static Checkpoint open(const std::filesystem::path& folder);

  // The tensor called name: the index decides which shard holds it (a tensor the index does not
  // map is absent, as HF ignores it).
  StoredTensor find(std::string_view name) const;
  // Every opened file: the single file, or the shards in file name order.
  const std::vector<TensorFile>& files() const { return files_; }
  // The file a tensor's absence is reported against: the single file or the index.
  const std::string& name() const { return name_; }

 private:
  Checkpoint() = default;
  using Opener = TensorFile (*)(const std::filesystem::path&);
  static Checkpoint open_single(const std::filesystem::path& file, Opener open);
  static Checkpoint open_sharded(const std::filesystem::path& folder, const char* index_name, Opener open);

  std::string name_;
  bool sharded_ = false;
  std::vector<TensorFile> files_;
  // Sharded only: tensor name → index into files_.
  std::map<std::string, std::size_t, std::less<>> shard_of_;
};

}  // namespace core
