#include "io/gguf_file.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <utility>

#include "io/mapped_file.h"
#include "tensor/errors.h"

namespace core {

namespace {

constexpr std::size_t default_alignment = 32;
constexpr std::uint32_t max_dims = 4;  // ggml's GGML_MAX_DIMS

// Reads the header's little-endian numbers and strings in order, checking each against the end of
// the file first. `what` names the entry being read, for the message when the file ends inside it.
class HeaderReader {
 public:
  HeaderReader(std::span<const std::byte> bytes, std::string file) : bytes_(bytes), file_(std::move(file)) {}

  std::size_t position() const { return position_; }
  std::size_t remaining() const { return bytes_.size() - position_; }
  void set_context(std::string what) { what_ = std::move(what); }
  [[noreturn]] void fail(const std::string& what) const { throw LoadError(file_ + ": " + what); }

  std::uint64_t unsigned_number(std::size_t size) {
    need(size);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i) {
      value |= static_cast<std::uint64_t>(std::to_integer<std::uint8_t>(bytes_[position_ + i])) << (8 * i);
    }
    position_ += size;
    return value;
  }
  std::uint32_t u32() { return static_cast<std::uint32_t>(unsigned_number(4)); }
  std::uint64_t u64() { return unsigned_number(8); }

  std::string string() {
    const std::uint64_t length = u64();
    if (length > remaining()) end_of_file(length);
    std::string text(reinterpret_cast<const char*>(bytes_.data() + position_), static_cast<std::size_t>(length));
    position_ += static_cast<std::size_t>(length);
    return text;
  }

  // Fails unless count elements of at least min_size bytes each can still follow: checked before
  // anything is reserved, so a count of 2^60 is a message, not an allocation.
  void need_elements(std::uint64_t count, std::size_t min_size) {
    if (count > remaining() / min_size) {
      fail("truncated: " + what_ + " declares " + std::to_string(count) + " elements, more than the " +
           std::to_string(remaining()) + " bytes left in the file can hold");
    }
  }

 private:
  void need(std::uint64_t size) {
    if (size > remaining()) end_of_file(size);
  }
  [[noreturn]] void end_of_file(std::uint64_t size) const {
    fail("truncated: " + what_ + " runs past the end of the file (" + std::to_string(size) + " bytes needed at byte " +
         std::to_string(position_) + " of " + std::to_string(bytes_.size()) + ")");
  }

  std::span<const std::byte> bytes_;
  std::string file_;
  std::size_t position_ = 0;
  std::string what_ = "the header";
};

std::size_t scalar_size(GgufValueType type) {
  switch (type) {
    case GgufValueType::Uint8:
    case GgufValueType::Int8:
    case GgufValueType::Bool: return 1;
    case GgufValueType::Uint16:
    case GgufValueType::Int16: return 2;
    case GgufValueType::Uint32:
    case GgufValueType::Int32:
    case GgufValueType::Float32: return 4;
    case GgufValueType::Uint64:
    case GgufValueType::Int64:
    case GgufValueType::Float64: return 8;
    case GgufValueType::String: return 8;   // at least its length
    case GgufValueType::Array: return 12;   // at least its element type and count
  }
  return 1;
}

bool known_type(std::uint32_t type) { return type <= static_cast<std::uint32_t>(GgufValueType::Float64); }

// One number of a scalar type, as double.
double read_number(HeaderReader& reader, GgufValueType type) {
  const std::size_t size = scalar_size(type);
  const std::uint64_t bits = reader.unsigned_number(size);
  switch (type) {
    case GgufValueType::Int8: return static_cast<std::int8_t>(bits);
    case GgufValueType::Int16: return static_cast<std::int16_t>(bits);
    case GgufValueType::Int32: return static_cast<std::int32_t>(bits);
    case GgufValueType::Int64: return static_cast<double>(static_cast<std::int64_t>(bits));
    case GgufValueType::Float32: return std::bit_cast<float>(static_cast<std::uint32_t>(bits));
    case GgufValueType::Float64: return std::bit_cast<double>(bits);
    case GgufValueType::Bool: return bits != 0 ? 1.0 : 0.0;
    default: return static_cast<double>(bits);  // the unsigned types
  }
}

GgufValueType read_type(HeaderReader& reader, const std::string& key) {
  const std::uint32_t type = reader.u32();
  if (!known_type(type)) reader.fail("metadata key '" + key + "' has unknown value type " + std::to_string(type));
  return static_cast<GgufValueType>(type);
}

// Skips an array of arrays, checking it fits; its contents are not kept.
void skip_value(HeaderReader& reader, GgufValueType type, const std::string& key, int depth) {
  if (depth > 8) reader.fail("metadata key '" + key + "' nests arrays more than 8 deep");
  if (type == GgufValueType::String) {
    reader.string();
  } else if (type == GgufValueType::Array) {
    const GgufValueType element = read_type(reader, key);
    const std::uint64_t count = reader.u64();
    reader.need_elements(count, scalar_size(element));
    for (std::uint64_t i = 0; i < count; ++i) skip_value(reader, element, key, depth + 1);
  } else {
    reader.unsigned_number(scalar_size(type));
  }
}

GgufValue read_value(HeaderReader& reader, GgufValueType type, const std::string& key) {
  GgufValue value;
  value.type = type;
  std::uint64_t count = 1;
  if (type == GgufValueType::Array) {
    value.is_array = true;
    value.type = read_type(reader, key);
    count = reader.u64();
    reader.need_elements(count, scalar_size(value.type));
    if (value.type == GgufValueType::Array) {
      for (std::uint64_t i = 0; i < count; ++i) skip_value(reader, value.type, key, 1);
      return value;
    }
  }
  if (value.type == GgufValueType::String) {
    value.strings.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) value.strings.push_back(reader.string());
  } else {
    value.numbers.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) value.numbers.push_back(read_number(reader, value.type));
  }
  return value;
}

std::string shape_text(const std::vector<std::int64_t>& ne) {
  std::string text = "[";
  for (std::size_t i = 0; i < ne.size(); ++i) text += (i ? ", " : "") + std::to_string(ne[i]);
  return text + "]";
}

// The tensor's size and type checked: the number of elements stays below 2^62, the row length is a
// whole number of blocks. Returns the byte size (before the check against the file).
std::uint64_t tensor_bytes(const HeaderReader& reader, const GgufTensor& tensor) {
  const std::optional<GgmlTypeInfo> info = ggml_type_info(tensor.type);
  if (!info) {
    reader.fail("tensor '" + tensor.name + "' has unknown ggml type " + std::to_string(tensor.type));
  }
  std::int64_t elements = 1;
  for (const std::int64_t n : tensor.ne) {
    if (n <= 0 || n > (std::int64_t{1} << 62) / elements) {
      reader.fail("tensor '" + tensor.name + "' has impossible dimensions " + shape_text(tensor.ne));
    }
    elements *= n;
  }
  const auto row = static_cast<std::size_t>(tensor.ne.empty() ? 1 : tensor.ne[0]);
  if (row % info->block_size != 0) {
    reader.fail("tensor '" + tensor.name + "' of type " + info->name + " has rows of " + std::to_string(row) +
                " values, not a multiple of its block of " + std::to_string(info->block_size));
  }
  const std::uint64_t blocks = static_cast<std::uint64_t>(elements) / info->block_size;
  if (blocks > std::numeric_limits<std::uint64_t>::max() / info->block_bytes) {
    reader.fail("tensor '" + tensor.name + "' has impossible dimensions " + shape_text(tensor.ne));
  }
  return blocks * info->block_bytes;
}

}  // namespace

const char* to_string(GgufValueType type) {
  switch (type) {
    case GgufValueType::Uint8: return "uint8";
    case GgufValueType::Int8: return "int8";
    case GgufValueType::Uint16: return "uint16";
    case GgufValueType::Int16: return "int16";
    case GgufValueType::Uint32: return "uint32";
    case GgufValueType::Int32: return "int32";
    case GgufValueType::Float32: return "float32";
    case GgufValueType::Bool: return "bool";
    case GgufValueType::String: return "string";
    case GgufValueType::Array: return "array";
    case GgufValueType::Uint64: return "uint64";
    case GgufValueType::Int64: return "int64";
    case GgufValueType::Float64: return "float64";
  }
  return "unknown";
}

bool GgufValue::is_integer() const {
  switch (type) {
    case GgufValueType::Uint8:
    case GgufValueType::Int8:
    case GgufValueType::Uint16:
    case GgufValueType::Int16:
    case GgufValueType::Uint32:
    case GgufValueType::Int32:
    case GgufValueType::Uint64:
    case GgufValueType::Int64: return true;
    default: return false;
  }
}

std::string GgufValue::type_name() const {
  return is_array ? std::string("array of ") + to_string(type) : std::string(to_string(type));
}

std::int64_t GgufTensor::element_count() const {
  std::int64_t count = 1;
  for (const std::int64_t n : ne) count *= n;
  return count;
}

GgufFile::GgufFile(GgufFile&&) noexcept = default;
GgufFile& GgufFile::operator=(GgufFile&&) noexcept = default;
GgufFile::~GgufFile() = default;

GgufFile GgufFile::open(const std::filesystem::path& path) {
  GgufFile file;
  file.path_ = path;
  file.mapping_ = std::make_unique<MappedFile>(path);
  const std::span<const std::byte> bytes = file.mapping_->bytes();
  const std::string name = file.file_name();
  HeaderReader reader(bytes, name);

  if (bytes.size() < 4 || std::memcmp(bytes.data(), "GGUF", 4) != 0) {
    reader.fail("not a GGUF file (it does not start with the bytes 'GGUF')");
  }
  reader.unsigned_number(4);
  file.version_ = reader.u32();
  if (file.version_ != 2 && file.version_ != 3) {
    // A big-endian file's version reads as 2 or 3 shifted into the high byte.
    reader.fail("GGUF version " + std::to_string(file.version_) +
                " is not supported; expected version 2 or 3 (little-endian)");
  }
  const std::uint64_t tensor_count = reader.u64();
  const std::uint64_t kv_count = reader.u64();

  for (std::uint64_t i = 0; i < kv_count; ++i) {
    reader.set_context("metadata entry " + std::to_string(i + 1) + " of " + std::to_string(kv_count));
    std::string key = reader.string();
    reader.set_context("metadata key '" + key + "'");
    const GgufValueType type = read_type(reader, key);
    GgufValue value = read_value(reader, type, key);
    if (file.find(key) != nullptr) reader.fail("metadata key '" + key + "' is given twice");
    file.key_index_.emplace(key, file.metadata_.size());
    file.metadata_.push_back({std::move(key), std::move(value)});
  }

  std::size_t alignment = default_alignment;
  if (const GgufValue* value = file.find("general.alignment")) {
    const bool valid = !value->is_array && value->type == GgufValueType::Uint32 && value->numbers.front() > 0 &&
                       std::has_single_bit(static_cast<std::uint32_t>(value->numbers.front()));
    if (!valid) reader.fail("metadata key 'general.alignment' must be a uint32 power of two");
    alignment = static_cast<std::size_t>(value->numbers.front());
  }

  for (std::uint64_t i = 0; i < tensor_count; ++i) {
    reader.set_context("tensor entry " + std::to_string(i + 1) + " of " + std::to_string(tensor_count));
    GgufTensor tensor;
    tensor.name = reader.string();
    reader.set_context("tensor '" + tensor.name + "'");
    const std::uint32_t dims = reader.u32();
    if (dims > max_dims) {
      reader.fail("tensor '" + tensor.name + "' has " + std::to_string(dims) + " dimensions; at most 4 are supported");
    }
    for (std::uint32_t d = 0; d < dims; ++d) {
      const std::uint64_t n = reader.u64();
      tensor.ne.push_back(n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                              ? -1
                              : static_cast<std::int64_t>(n));
    }
    tensor.type = reader.u32();
    const std::uint64_t offset = reader.u64();
    if (file.find_tensor(tensor.name) != nullptr) reader.fail("tensor '" + tensor.name + "' is given twice");
    const std::uint64_t size = tensor_bytes(reader, tensor);
    if (offset % alignment != 0) {
      reader.fail("tensor '" + tensor.name + "' has offset " + std::to_string(offset) + ", not a multiple of the alignment " +
                  std::to_string(alignment));
    }
    if (offset > bytes.size() || size > bytes.size() - offset) {
      reader.fail("tensor '" + tensor.name + "' data (" + std::to_string(size) + " bytes at offset " +
                  std::to_string(offset) + ") lies past the end of the file (" + std::to_string(bytes.size()) +
                  " bytes); the file may be truncated");
    }
    tensor.offset = static_cast<std::size_t>(offset);
    tensor.byte_size = static_cast<std::size_t>(size);
    file.tensor_index_.emplace(tensor.name, file.tensors_.size());
    file.tensors_.push_back(std::move(tensor));
  }

  // The data area starts at the next multiple of the alignment after the header.
  const std::size_t header_end = reader.position();
  const std::size_t data_start = (header_end + alignment - 1) / alignment * alignment;
  const std::size_t data_size = data_start <= bytes.size() ? bytes.size() - data_start : 0;
  for (const GgufTensor& tensor : file.tensors_) {
    if (tensor.offset > data_size || tensor.byte_size > data_size - tensor.offset) {
      reader.fail("tensor '" + tensor.name + "' data (" + std::to_string(tensor.byte_size) + " bytes at offset " +
                  std::to_string(tensor.offset) + ") lies past the end of the file (a data area of " +
                  std::to_string(data_size) + " bytes); the file may be truncated");
    }
  }
  file.data_ = data_start <= bytes.size() ? bytes.subspan(data_start) : std::span<const std::byte>{};

  // No two tensors may share bytes.
  std::vector<const GgufTensor*> by_offset;
  for (const GgufTensor& tensor : file.tensors_) by_offset.push_back(&tensor);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const GgufTensor* a, const GgufTensor* b) { return a->offset < b->offset; });
  for (std::size_t i = 1; i < by_offset.size(); ++i) {
    const GgufTensor& before = *by_offset[i - 1];
    if (before.byte_size > 0 && before.offset + before.byte_size > by_offset[i]->offset) {
      reader.fail("tensors '" + before.name + "' and '" + by_offset[i]->name + "' overlap in the data area");
    }
  }
  return file;
}

const GgufValue* GgufFile::find(std::string_view key) const {
  const auto found = key_index_.find(key);
  return found == key_index_.end() ? nullptr : &metadata_[found->second].value;
}

const GgufTensor* GgufFile::find_tensor(std::string_view name) const {
  const auto found = tensor_index_.find(name);
  return found == tensor_index_.end() ? nullptr : &tensors_[found->second];
}

std::span<const std::byte> GgufFile::bytes(const GgufTensor& tensor) const {
  return data_.subspan(tensor.offset, tensor.byte_size);
}

}  // namespace core
