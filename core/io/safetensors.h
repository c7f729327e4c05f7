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
#include <utility>
#include <vector>

#include "io/tensor_file.h"

namespace core {

// A validated, memory-mapped safetensors file. open() checks, in order, and throws
// core::LoadError naming the file (and tensor) at the first problem:
//   1. the header length fits in the file and is at most max_header_bytes;
//   2. the header is valid JSON of the safetensors shape;
//   3. per tensor: dtype known, shape non-negative, offsets inside the data area,
//      end - begin = product(shape) × dtype size, and no two tensors overlap.
class SafetensorsFile : public TensorFile {
 public:
  static constexpr std::size_t max_header_bytes = 100u * 1024u * 1024u;

  static SafetensorsFile open(const std::filesystem::path& path);

 private:
  explicit SafetensorsFile(TensorFile file) : TensorFile(std::move(file)) {}
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
