#pragma once
// A memory-mapped file of named tensors, whatever container it came in: each tensor is a
// contiguous, little-endian run of bytes inside the mapping. safetensors files (io/safetensors.h)
// and PyTorch zip checkpoints (io/torch_checkpoint.h) both open into one, so the checkpoint
// (io/checkpoint.h) and the weight binder read either the same way, in place, without a copy.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace core {

// The element types a checkpoint may store. The names are safetensors' ("F32", "BF16", …).
enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, Bool };

const char* to_string(DType dtype);
std::size_t dtype_size(DType dtype);
bool is_float(DType dtype);  // F32, F16, BF16: the weight types models may use
// The dtype a safetensors header spells name; nothing for an unknown name.
std::optional<DType> parse_dtype(std::string_view name);

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  std::size_t begin = 0;  // byte offsets inside the file's data area
  std::size_t end = 0;

  std::int64_t element_count() const;
};

// product(shape), or nothing when a dimension is negative or the product does not fit in int64.
std::optional<std::int64_t> checked_element_count(const std::vector<std::int64_t>& shape);
// "[768, 3072]", for messages.
std::string format_shape(const std::vector<std::int64_t>& shape);

class MappedFile;

class TensorFile {
 public:
  // The readers build one after checking every tensor: each [begin, end) lies inside data (a part
  // of mapping's bytes) and holds element_count × dtype_size bytes.
  TensorFile(std::filesystem::path path, std::unique_ptr<MappedFile> mapping, std::span<const std::byte> data,
             std::vector<TensorInfo> tensors);

  TensorFile(TensorFile&&) noexcept;
  TensorFile& operator=(TensorFile&&) noexcept;
  ~TensorFile();

  const std::filesystem::path& path() const { return path_; }
  // Sorted by name.
  const std::vector<TensorInfo>& tensors() const { return tensors_; }
  const TensorInfo* find(std::string_view name) const;  // nullptr when absent
  std::span<const std::byte> bytes(const TensorInfo& tensor) const;
  // See MappedFile::changed_on_disk.
  bool changed_on_disk() const;

 protected:
  TensorFile() = default;

 private:
  std::filesystem::path path_;
  std::unique_ptr<MappedFile> mapping_;
  std::span<const std::byte> data_;
  std::vector<TensorInfo> tensors_;
};

}  // namespace core
