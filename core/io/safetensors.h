#pragma once
// The safetensors format: 8-byte little-endian header length N, N bytes of JSON header
// {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}},
// then the raw little-endian tensor bytes. Files are memory-mapped, never read into memory twice.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace core {

enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, Bool };

const char* to_string(DType dtype);
std::size_t dtype_size(DType dtype);
bool is_float(DType dtype);  // F32, F16, BF16: the weight types models may use

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  std::size_t begin = 0;  // byte offsets inside the data area (after the header)
  std::size_t end = 0;

  std::int64_t element_count() const;
};

class MappedFile;

// A validated, memory-mapped safetensors file. open() checks, in order, and throws
// core::LoadError naming the file (and tensor) at the first problem:
//   1. the header length fits in the file and is at most max_header_bytes;
//   2. the header is valid JSON of the safetensors shape;
//   3. per tensor: dtype known, shape non-negative, offsets inside the data area,
//      end - begin = product(shape) × dtype size, and no two tensors overlap.
class SafetensorsFile {
 public:
  static constexpr std::size_t max_header_bytes = 100u * 1024u * 1024u;

  static SafetensorsFile open(const std::filesystem::path& path);

  SafetensorsFile(SafetensorsFile&&) noexcept;
  SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
  ~SafetensorsFile();

  const std::filesystem::path& path() const { return path_; }
  const std::vector<TensorInfo>& tensors() const { return tensors_; }
  const TensorInfo* find(std::string_view name) const;  // nullptr when absent
  std::span<const std::byte> bytes(const TensorInfo& tensor) const;
  // See MappedFile::changed_on_disk.
  bool changed_on_disk() const;

 private:
  SafetensorsFile() = default;
  std::filesystem::path path_;
  std::unique_ptr<MappedFile> mapping_;
  std::span<const std::byte> data_;  // the data area
  std::vector<TensorInfo> tensors_;
};

// Converts a float tensor (F32, F16 or BF16) to float32.
std::vector<float> to_float32(DType dtype, std::span<const std::byte> bytes);

struct NamedTensor {
  std::string name;
  std::vector<std::int64_t> shape;
  std::span<const float> values;  // row-major, product(shape) floats
};

// Writes a safetensors file atomically (io/atomic_file.h), so a failure never leaves a
// half-written model: every tensor as F32, or as BF16 (rounded to nearest even).
// Throws core::WriteError naming the path on I/O errors.
void write_safetensors(const std::filesystem::path& path, const std::vector<NamedTensor>& tensors,
                       DType stored = DType::F32);

}  // namespace core
