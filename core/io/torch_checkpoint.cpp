#include "io/torch_checkpoint.h"

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "io/mapped_file.h"
#include "io/torch_pickle.h"
#include "io/zip_archive.h"
#include "tensor/errors.h"

namespace core {

namespace {

// torch.save before 1.6 (and with _use_new_zipfile_serialization=False) starts its file with the
// protocol-2 pickle of the magic number 0x1950a86a20f9469cfc6c: PROTO 2, LONG1 of 10 bytes.
constexpr std::array<unsigned char, 14> legacy_magic{0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c,
                                                     0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
constexpr std::array<unsigned char, 4> zip_magic{'P', 'K', 0x03, 0x04};

template <std::size_t N>
bool starts_with(std::span<const std::byte> bytes, const std::array<unsigned char, N>& prefix) {
  if (bytes.size() < N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    if (std::to_integer<unsigned char>(bytes[i]) != prefix[i]) return false;
  }
  return true;
}

// The entry <prefix>/data.pkl, where prefix is one folder (torch.save names it after the file:
// "archive" or "pytorch_model").
const ZipEntry& find_pickle(const ZipArchive& archive, const std::string& file) {
  const ZipEntry* found = nullptr;
  for (const ZipEntry& entry : archive.entries()) {
    const std::size_t slash = entry.name.find('/');
    if (slash == 0 || slash == std::string::npos || entry.name.substr(slash) != "/data.pkl") continue;
    if (found != nullptr) {
      throw LoadError(file + ": holds two pickles, '" + found->name + "' and '" + entry.name + "'; expected one data.pkl");
    }
    found = &entry;
  }
  if (found == nullptr) {
    throw LoadError(file + ": is a zip archive without <folder>/data.pkl, so not a checkpoint written by torch.save");
  }
  return *found;
}

void check_byteorder(const ZipArchive& archive, const std::string& prefix, const std::string& file) {
  const ZipEntry* entry = archive.find(prefix + "byteorder");
  if (entry == nullptr) return;  // written since PyTorch 1.10; older checkpoints are little-endian
  const std::span<const std::byte> bytes = archive.bytes(*entry);
  const std::string order(reinterpret_cast<const char*>(bytes.data()), std::min<std::size_t>(bytes.size(), 16));
  if (order == "little") return;
  if (order == "big") {
    throw LoadError(file + ": '" + entry->name + "' says the tensors are big-endian; only little-endian checkpoints "
                    "are read (load and save it again on a little-endian machine)");
  }
  throw LoadError(file + ": '" + entry->name + "' holds neither 'little' nor 'big'");
}

// torch's is_contiguous: row-major strides, a dimension of size 1 may have any stride.
bool contiguous(const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& stride) {
  std::int64_t expected = 1;
  for (std::size_t d = shape.size(); d-- > 0;) {
    if (shape[d] != 1 && stride[d] != expected) return false;
    expected *= shape[d];  // no overflow: the element count was checked first
  }
  return true;
}

// Where tensor's bytes lie in the file, after checking every number the pickle gave against the
// storage's entry in the archive.
TensorInfo locate(const PickledTensor& tensor, const ZipArchive& archive, const std::string& prefix,
                  const std::string& file) {
  const std::string where = file + ": tensor '" + tensor.name + "' ";
  const PickledStorage& storage = tensor.storage;
  const std::string entry_name = prefix + "data/" + storage.key;
  const ZipEntry* entry = archive.find(entry_name);
  if (entry == nullptr) throw LoadError(where + "refers to storage '" + entry_name + "', which the archive does not hold");
  const std::span<const std::byte> bytes = archive.bytes(*entry);

  const std::size_t element = dtype_size(storage.dtype);
  const std::string storage_text = "storage '" + entry_name + "' ";
  // numel × element size, compared without overflowing.
  if (static_cast<std::uint64_t>(storage.numel) > bytes.size() / element ||
      static_cast<std::uint64_t>(storage.numel) * element != bytes.size()) {
    throw LoadError(where + "has " + storage_text + "of " + std::to_string(storage.numel) + " " +
                    to_string(storage.dtype) + " elements according to the pickle, but the entry holds " +
                    std::to_string(bytes.size()) + " bytes");
  }
  const std::optional<std::int64_t> count = checked_element_count(tensor.shape);
  if (!count) throw LoadError(where + "has shape " + format_shape(tensor.shape) + ", which has no valid element count");
  if (tensor.offset < 0) throw LoadError(where + "starts at offset " + std::to_string(tensor.offset) + " of " + storage_text);
  if (tensor.offset > storage.numel || *count > storage.numel - tensor.offset) {
    throw LoadError(where + "(offset " + std::to_string(tensor.offset) + ", shape " + format_shape(tensor.shape) +
                    ") reaches past the end of " + storage_text + "(" + std::to_string(storage.numel) + " elements)");
  }
  if (*count > 0 && !contiguous(tensor.shape, tensor.stride)) {
    throw LoadError(where + "is not contiguous (shape " + format_shape(tensor.shape) + ", stride " +
                    format_shape(tensor.stride) + "); save it after .contiguous()");
  }
  TensorInfo info;
  info.name = tensor.name;
  info.dtype = storage.dtype;
  info.shape = tensor.shape;
  info.begin = static_cast<std::size_t>(entry->offset) + static_cast<std::size_t>(tensor.offset) * element;
  info.end = info.begin + static_cast<std::size_t>(*count) * element;
  return info;
}

}  // namespace

TensorFile open_torch_checkpoint(const std::filesystem::path& path) {
  auto mapping = std::make_unique<MappedFile>(path);
  const std::string file = path.filename().string();
  const std::span<const std::byte> bytes = mapping->bytes();

  if (starts_with(bytes, legacy_magic)) {
    throw LoadError(file + ": is in PyTorch's legacy format (torch.save before PyTorch 1.6, or with "
                    "_use_new_zipfile_serialization=False), which is a pickle stream and is not read; re-save it with "
                    "PyTorch 1.6 or later, torch.save(torch.load(path), path), or convert it to safetensors");
  }
  if (!starts_with(bytes, zip_magic)) {
    throw LoadError(file + ": is not a PyTorch checkpoint; expected a zip archive as written by torch.save (PyTorch 1.6 "
                    "or later)");
  }
  const ZipArchive archive = ZipArchive::read(bytes, file);
  const ZipEntry& pickle = find_pickle(archive, file);
  const std::string prefix = pickle.name.substr(0, pickle.name.find('/') + 1);
  if (archive.find(prefix + "constants.pkl") != nullptr) {
    throw LoadError(file + ": is a TorchScript archive (torch.jit.save), not a state dict; save the model's "
                    "state_dict() with torch.save instead");
  }
  check_byteorder(archive, prefix, file);

  const std::vector<PickledTensor> pickled = read_state_dict_pickle(archive.bytes(pickle), file + ": " + pickle.name);
  std::vector<TensorInfo> tensors;
  tensors.reserve(pickled.size());
  for (const PickledTensor& tensor : pickled) tensors.push_back(locate(tensor, archive, prefix, file));
  // The offsets are into the whole file: data is all of it.
  return TensorFile(path, std::move(mapping), bytes, std::move(tensors));
}

}  // namespace core
