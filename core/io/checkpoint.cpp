#include "io/checkpoint.h"

#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "io/mapped_file.h"
#include "io/safetensors.h"
#include "io/torch_checkpoint.h"
#include "tensor/errors.h"

namespace core {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// What an index value held, cut short so a hostile index cannot make a megabyte-long message.
std::string describe(const Json& value) {
  constexpr std::size_t max_chars = 60;
  std::string text = value.dump();
  if (text.size() > max_chars) text = text.substr(0, max_chars) + "...";
  return text;
}

// True when nothing, not even a dangling symlink, is at path. Any other answer (a symlink loop,
// an unreadable folder) is left for the open that follows, which says what the system said.
bool absent(const fs::path& path) {
  std::error_code error;
  return fs::symlink_status(path, error).type() == fs::file_type::not_found;
}

// A tensor named twice in weight_map: JSON parsers keep one of the two entries silently (the
// last, in nlohmann::json and Python's json), so the index would claim it for two shards and the
// reader would use whichever came last. Seen while parsing, as the parsed object keeps one.
struct RepeatedTensor {
  std::string tensor;
  std::string first_shard;
  std::string second_shard;
};

class RepeatedTensorFinder {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        seen_.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!seen_.empty()) seen_.pop_back();
        break;
      case Json::parse_event_t::key:
        if (seen_.size() == 1) top_key_ = parsed.get<std::string>();
        if (in_weight_map()) key_ = parsed.get<std::string>();
        break;
      case Json::parse_event_t::value:
        if (in_weight_map() && !found_) {
          const std::string shard = parsed.is_string() ? parsed.get<std::string>() : describe(parsed);
          const auto [entry, added] = seen_.back().try_emplace(key_, shard);
          if (!added) found_ = RepeatedTensor{key_, entry->second, shard};
        }
        break;
      default:
        break;
    }
    return true;
  }
  const std::optional<RepeatedTensor>& found() const { return found_; }

 private:
  // Directly inside the top-level object's "weight_map" object.
  bool in_weight_map() const { return seen_.size() == 2 && top_key_ == "weight_map"; }

  std::vector<std::map<std::string, std::string>> seen_;  // one per open object: key → shard
  std::string top_key_;
  std::string key_;
  std::optional<RepeatedTensor> found_;
};

Json read_index(const fs::path& path) {
  // The mapping refuses a directory, a FIFO or a device as it does for model.safetensors.
  const MappedFile file(path);
  const std::span<const std::byte> bytes = file.bytes();
  RepeatedTensorFinder repeated;
  Json index = Json::parse(reinterpret_cast<const char*>(bytes.data()),
                           reinterpret_cast<const char*>(bytes.data()) + bytes.size(), std::ref(repeated), false);
  const std::string name = path.filename().string();
  if (index.is_discarded()) throw LoadError(name + ": is not valid JSON");
  if (const std::optional<RepeatedTensor>& twice = repeated.found()) {
    throw LoadError(name + ": tensor '" + twice->tensor + "' is listed twice in weight_map, mapped to '" +
                    twice->first_shard + "' and to '" + twice->second_shard + "'; a tensor belongs to one shard");
  }
  if (!index.is_object()) throw LoadError(name + ": expected a JSON object at the top level");
  const auto weight_map = index.find("weight_map");
  if (weight_map == index.end()) {
    throw LoadError(name + ": weight_map is missing; expected an object of tensor name → shard file name");
  }
  if (!weight_map->is_object()) {
    throw LoadError(name + ": weight_map is a JSON " + weight_map->type_name() +
                    "; expected an object of tensor name → shard file name");
  }
  return std::move(*weight_map);
}

// The shard file a weight_map entry names, as a path relative to the folder. Only files inside
// the folder are opened: an index must not make the loader read /etc/passwd or ../other-model.
fs::path shard_path(const std::string& index_name, const std::string& tensor, const Json& value) {
  const std::string prefix = index_name + ": tensor '" + tensor + "' is mapped to ";
  if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
      value.get_ref<const std::string&>().find('\0') != std::string::npos) {
    throw LoadError(prefix + describe(value) + "; expected the file name of a shard");
  }
  const std::string& name = value.get_ref<const std::string&>();
  // Lexically, so that "./a" and "a" are one shard and "a/../../x" is caught as "../x".
  const fs::path relative = fs::path(name).lexically_normal();
  if (relative.has_root_path() || (!relative.empty() && *relative.begin() == "..")) {
    throw LoadError(prefix + "'" + name + "', which is outside the model folder");
  }
  return relative;
}

TensorFile open_safetensors(const fs::path& file) { return SafetensorsFile::open(file); }

// The folder's *.pt and *.pth files (torch.save's usual names for a user's own checkpoint), sorted.
std::vector<fs::path> torch_save_files(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    const fs::path& path = it->path();
    if (path.extension() == ".pt" || path.extension() == ".pth") files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Checkpoint Checkpoint::open(const fs::path& folder) {
  // HF's from_pretrained: safetensors first, single file before index, then PyTorch's files.
  if (!absent(folder / single_file_name)) return open_single(folder / single_file_name, open_safetensors);
  if (!absent(folder / index_file_name)) return open_sharded(folder, index_file_name, open_safetensors);
  if (!absent(folder / torch_file_name)) return open_single(folder / torch_file_name, open_torch_checkpoint);
  if (!absent(folder / torch_index_file_name)) return open_sharded(folder, torch_index_file_name, open_torch_checkpoint);
  const std::vector<fs::path> saved = torch_save_files(folder);
  if (saved.size() == 1) return open_single(saved.front(), open_torch_checkpoint);
  if (saved.size() > 1) {
    std::string names;
    for (const fs::path& path : saved) names += (names.empty() ? "" : ", ") + path.filename().string();
    throw LoadError(folder.string() + ": holds no " + single_file_name + " or " + torch_file_name + " but " +
                    std::to_string(saved.size()) + " PyTorch files (" + names +
                    "); keep the one to open, or name it " + torch_file_name);
  }
  // Nothing there: the message says model.safetensors is missing, the native format's file.
  return open_single(folder / single_file_name, open_safetensors);
}

Checkpoint Checkpoint::open_single(const fs::path& file, Opener open) {
  Checkpoint checkpoint;
  checkpoint.name_ = file.filename().string();
  checkpoint.files_.push_back(open(file));
  return checkpoint;
}

Checkpoint Checkpoint::open_sharded(const fs::path& folder, const char* index_name, Opener open) {
  const Json weight_map = read_index(folder / index_name);

  // Each shard once, in file name order, with the first tensor (by name) mapped to it: a shard
  // that is missing is reported with that tensor.
  // Every name is checked before any file is opened.
  std::map<fs::path, std::string> first_tensor;
  std::vector<std::pair<std::string, fs::path>> mapped;  // by tensor name, as nlohmann::json keeps objects
  for (const auto& [tensor, value] : weight_map.items()) {
    const fs::path shard = shard_path(index_name, tensor, value);
    first_tensor.try_emplace(shard, tensor);
    mapped.emplace_back(tensor, shard);
  }

  Checkpoint checkpoint;
  checkpoint.name_ = index_name;
  checkpoint.sharded_ = true;
  std::map<fs::path, std::size_t> file_of_shard;
  std::vector<std::string> shard_names;  // parallel to files_
  for (const auto& [shard, tensor] : first_tensor) {
    const fs::path path = folder / shard;
    // A symlink loop or an unreadable file is not "missing": the open below says what the system said.
    std::error_code error;
    if (fs::status(path, error).type() == fs::file_type::not_found) {
      throw LoadError(std::string(index_name) + ": tensor '" + tensor + "' is mapped to '" +
                      weight_map.at(tensor).get<std::string>() + "', which does not exist");
    }
    file_of_shard.emplace(shard, checkpoint.files_.size());
    shard_names.push_back(shard.generic_string());
    checkpoint.files_.push_back(open(path));
  }

  for (const auto& [tensor, shard] : mapped) {
    const std::size_t at = file_of_shard.at(shard);
    if (checkpoint.files_[at].find(tensor) == nullptr) {
      throw LoadError(std::string(index_name) + ": tensor '" + tensor + "' is mapped to '" +
                      weight_map.at(tensor).get<std::string>() + "', which does not contain it");
    }
    // Two copies could differ: which one HF would use depends on its load order, so refuse both.
    for (std::size_t other = 0; other < checkpoint.files_.size(); ++other) {
      if (other == at || checkpoint.files_[other].find(tensor) == nullptr) continue;
      const std::string& a = shard_names[std::min(at, other)];
      const std::string& b = shard_names[std::max(at, other)];
      throw LoadError(std::string(index_name) + ": tensor '" + tensor + "' is in both '" + a + "' and '" + b +
                      "'");
    }
    checkpoint.shard_of_.emplace(tensor, at);
  }
  return checkpoint;
}

StoredTensor Checkpoint::find(std::string_view name) const {
  if (!sharded_) {
    const TensorInfo* tensor = files_.front().find(name);
    return tensor == nullptr ? StoredTensor{} : StoredTensor{&files_.front(), tensor};
  }
  const auto it = shard_of_.find(name);
  if (it == shard_of_.end()) return {};
  const TensorFile& file = files_[it->second];
  return {&file, file.find(name)};
}

}  // namespace core
