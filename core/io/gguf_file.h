#pragma once
// The GGUF container (llama.cpp's model file), versions 2 and 3, little-endian:
//   "GGUF" | version: u32 | tensor_count: u64 | kv_count: u64
//   kv_count × (key: string | value type: u32 | value)         the metadata
//   tensor_count × (name: string | n_dims: u32 | ne[n_dims]: u64 | type: u32 | offset: u64)
//   padding to general.alignment (32 unless the metadata says otherwise)
//   the data area: each tensor at its offset (a multiple of the alignment) from its start
// string = length: u64, then that many UTF-8 bytes; array = element type: u32 | count: u64 | elements.
// ne[0] is the fastest-moving dimension: a weight used as y = W x with W of [out, in] (HF's nn.Linear
// layout) has ne = [in, out], and each of its `out` rows is stored as ne[0] values in blocks.
//
// open() reads the header into memory and checks every size and offset against the file before
// anything is used, so a hostile file gives a message, never a read out of bounds or a huge allocation.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/ggml_types.h"

namespace core {

class MappedFile;

// The metadata value types, as the file numbers them.
enum class GgufValueType : std::uint32_t {
  Uint8 = 0,
  Int8 = 1,
  Uint16 = 2,
  Int16 = 3,
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  Uint64 = 10,
  Int64 = 11,
  Float64 = 12,
};

const char* to_string(GgufValueType type);

// One metadata value: a scalar or an array of one element type. Numbers (bool as 0 or 1) are kept
// as double, which holds every value of the 32-bit types and integers up to 2^53 exactly.
// An array of arrays is kept as its type only (no model key uses one).
struct GgufValue {
  GgufValueType type = GgufValueType::Uint8;  // the element type for an array
  bool is_array = false;
  std::vector<std::string> strings;  // type String: one per element (one for a scalar)
  std::vector<double> numbers;       // any other type: one per element

  bool is_integer() const;  // an integer type (not float, bool or string)
  // "uint32", "array of string"
  std::string type_name() const;
};

struct GgufMetadata {
  std::string key;
  GgufValue value;
};

struct GgufTensor {
  std::string name;
  std::vector<std::int64_t> ne;  // ne[0] first (fastest-moving): [in, out] for a matrix
  std::uint32_t type = 0;        // GgmlType number; ggml_type_info knows it (checked by open)
  std::size_t offset = 0;        // from the start of the data area
  std::size_t byte_size = 0;     // product(ne) / block_size × block_bytes

  std::int64_t element_count() const;
};

class GgufFile {
 public:
  // Refuses, with the file's name (and the key or tensor) in the message:
  //   not "GGUF" at the start; a version other than 2 or 3; a header, key, value, string or
  //   array that runs past the end of the file; an unknown value type; a key given twice;
  //   a bad general.alignment; per tensor: a name given twice, more than 4 dimensions, a
  //   dimension ≤ 0, a ggml type number ggml does not define, a row length (ne[0]) that is not a
  //   multiple of the type's block size, an offset that is not a multiple of the alignment,
  //   data past the end of the file, two tensors overlapping.
  static GgufFile open(const std::filesystem::path& path);

  GgufFile(GgufFile&&) noexcept;
  GgufFile& operator=(GgufFile&&) noexcept;
  ~GgufFile();

  const std::filesystem::path& path() const { return path_; }
  // "model.gguf": what messages name.
  std::string file_name() const { return path_.filename().string(); }
  std::uint32_t version() const { return version_; }
  const std::vector<GgufMetadata>& metadata() const { return metadata_; }
  const GgufValue* find(std::string_view key) const;  // nullptr when absent
  const std::vector<GgufTensor>& tensors() const { return tensors_; }
  const GgufTensor* find_tensor(std::string_view name) const;  // nullptr when absent
  // The tensor's bytes in the mapped file (valid while this object lives).
  std::span<const std::byte> bytes(const GgufTensor& tensor) const;

 private:
  GgufFile() = default;
  std::filesystem::path path_;
  std::unique_ptr<MappedFile> mapping_;
  std::uint32_t version_ = 0;
  std::vector<GgufMetadata> metadata_;
  std::vector<GgufTensor> tensors_;
  // Name → position in metadata_ / tensors_: lookups and the duplicate checks stay fast for a
  // hostile file with millions of entries.
  std::map<std::string, std::size_t, std::less<>> key_index_;
  std::map<std::string, std::size_t, std::less<>> tensor_index_;
  std::span<const std::byte> data_;  // the data area
};

}  // namespace core
