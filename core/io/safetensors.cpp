#include "io/safetensors.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tensor/errors.h"
#include "io/atomic_file.h"
#include "io/mapped_file.h"
#include "tensor/scalar_types.h"

namespace core {

namespace {

using Json = nlohmann::json;

constexpr std::size_t length_prefix_bytes = 8;
constexpr std::uint64_t max_int64 = std::numeric_limits<std::int64_t>::max();

std::string format_range(std::uint64_t begin, std::uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

// What a header field held, for "expected X, found Y" messages; long values are cut short
// so a hostile header cannot make a megabyte-long message.
std::string describe(const Json* value) {
  if (value == nullptr) return "nothing";
  if (value->is_object()) return "an object";
  constexpr std::size_t max_chars = 60;
  std::string text = value->dump();
  if (text.size() > max_chars) text = text.substr(0, max_chars) + "...";
  return text;
}

std::optional<std::uint64_t> as_unsigned(const Json& value) {
  if (!value.is_number_unsigned()) return std::nullopt;
  return value.get<std::uint64_t>();
}

const Json* field(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// A tensor entry as the header spells it, before the checks that need the data area.
struct RawTensor {
  std::string name;
  std::string dtype;
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

LoadError load_error(const std::string& file, const std::string& what) { return LoadError(file + ": " + what); }

void check_metadata(const std::string& file, const Json& metadata) {
  if (!metadata.is_object()) {
    throw load_error(file,
                     "__metadata__ is a JSON " + std::string(metadata.type_name()) + ", expected an object of strings");
  }
  for (const auto& [key, value] : metadata.items()) {
    if (!value.is_string()) {
      throw load_error(file, "__metadata__ '" + key + "' is " + describe(&value) + ", expected a string");
    }
  }
}

RawTensor parse_tensor(const std::string& file, const std::string& name, const Json& entry) {
  const std::string prefix = "tensor '" + name + "' ";
  if (!entry.is_object()) {
    throw load_error(file,
                     prefix + "is " + describe(&entry) + ", expected an object with dtype, shape and data_offsets");
  }
  RawTensor tensor;
  tensor.name = name;

  const Json* dtype = field(entry, "dtype");
  if (dtype == nullptr || !dtype->is_string()) {
    throw load_error(file, prefix + "dtype is " + describe(dtype) + ", expected a string");
  }
  tensor.dtype = dtype->get<std::string>();

  const Json* shape = field(entry, "shape");
  const auto bad_shape = [&] {
    return load_error(file, prefix + "shape is " + describe(shape) + ", expected an array of non-negative integers");
  };
  if (shape == nullptr || !shape->is_array()) throw bad_shape();
  for (const Json& dim : *shape) {
    const std::optional<std::uint64_t> value = as_unsigned(dim);
    if (!value || *value > max_int64) throw bad_shape();
    tensor.shape.push_back(static_cast<std::int64_t>(*value));
  }

  const Json* offsets = field(entry, "data_offsets");
  const auto bad_offsets = [&] {
    return load_error(file, prefix + "data_offsets is " + describe(offsets) +
                                ", expected an array of 2 non-negative integers [begin, end]");
  };
  if (offsets == nullptr || !offsets->is_array() || offsets->size() != 2) throw bad_offsets();
  const std::optional<std::uint64_t> begin = as_unsigned((*offsets)[0]);
  const std::optional<std::uint64_t> end = as_unsigned((*offsets)[1]);
  if (!begin || !end) throw bad_offsets();
  if (*begin > *end) {
    throw load_error(file, prefix + "data_offsets " + format_range(*begin, *end) + " have begin after end");
  }
  tensor.begin = *begin;
  tensor.end = *end;
  return tensor;
}

// Step 2 of open(): the header is JSON of the safetensors shape. Every nlohmann exception
// becomes a LoadError here, so none escapes open().
std::vector<RawTensor> parse_header(const std::string& file, std::string_view text) {
  Json header;
  try {
    header = Json::parse(text);
  } catch (const Json::exception& e) {
    throw load_error(file, std::string("header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) {
    throw load_error(file, std::string("header is a JSON ") + header.type_name() + ", expected an object");
  }
  std::vector<RawTensor> tensors;
  for (const auto& [key, value] : header.items()) {
    if (key == "__metadata__") {
      check_metadata(file, value);
    } else {
      tensors.push_back(parse_tensor(file, key, value));
    }
  }
  return tensors;
}

// Assembling the value byte by byte is endian-independent and alignment-free; compilers
// turn it into a single load.
template <typename T>
T load_le(const std::byte* bytes) {
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(std::to_integer<T>(bytes[i]) << (8 * i));
  return value;
}


float f32_from_bits(std::uint32_t bits) { return std::bit_cast<float>(bits); }

template <typename Bits, typename Convert>
std::vector<float> convert_all(DType dtype, std::span<const std::byte> bytes, Convert convert) {
  if (bytes.size() % sizeof(Bits) != 0) {
    throw std::invalid_argument("to_float32: " + std::to_string(bytes.size()) + " bytes is not a whole number of " +
                                to_string(dtype) + " values");
  }
  std::vector<float> values(bytes.size() / sizeof(Bits));
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = convert(load_le<Bits>(bytes.data() + i * sizeof(Bits)));
  return values;
}

}  // namespace

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path) {
  auto mapping = std::make_unique<MappedFile>(path);
  const std::string name = path.filename().string();
  const std::span<const std::byte> bytes = mapping->bytes();

  // 1. framing
  if (bytes.size() < length_prefix_bytes) {
    throw load_error(name,
                     "file is " + std::to_string(bytes.size()) + " bytes, too short for the 8-byte header length");
  }
  const std::uint64_t header_bytes = load_le<std::uint64_t>(bytes.data());
  if (header_bytes > bytes.size() - length_prefix_bytes) {
    throw load_error(name, "header length " + std::to_string(header_bytes) + " exceeds the file size (" +
                               std::to_string(bytes.size()) + " bytes)");
  }
  if (header_bytes > max_header_bytes) {
    throw load_error(name, "header length " + std::to_string(header_bytes) + " exceeds the limit of " +
                               std::to_string(max_header_bytes) + " bytes");
  }
  const std::span<const std::byte> header = bytes.subspan(length_prefix_bytes, header_bytes);
  const std::span<const std::byte> data = bytes.subspan(length_prefix_bytes + header_bytes);

  // 2. JSON shape
  const std::vector<RawTensor> raw = parse_header(name, {reinterpret_cast<const char*>(header.data()), header.size()});

  // 3. per tensor: dtype, offsets, size
  const std::uint64_t data_size = data.size();
  std::vector<TensorInfo> tensors;
  for (const RawTensor& t : raw) {
    const std::string prefix = "tensor '" + t.name + "' ";
    const std::optional<DType> dtype = parse_dtype(t.dtype);
    if (!dtype) throw load_error(name, prefix + "has unknown dtype '" + t.dtype + "'");
    if (t.end > data_size) {
      throw load_error(name, prefix + "data_offsets " + format_range(t.begin, t.end) + " lie outside the data area (" +
                                 std::to_string(data_size) + " bytes)");
    }
    const std::optional<std::int64_t> count = checked_element_count(t.shape);
    const std::uint64_t element_bytes = dtype_size(*dtype);
    if (!count || static_cast<std::uint64_t>(*count) > std::numeric_limits<std::uint64_t>::max() / element_bytes) {
      throw load_error(name, prefix + "shape " + format_shape(t.shape) + " of " + t.dtype + " overflows 64-bit sizes");
    }
    const std::uint64_t expected = static_cast<std::uint64_t>(*count) * element_bytes;
    if (t.end - t.begin != expected) {
      throw load_error(name, prefix + "has " + std::to_string(t.end - t.begin) + " bytes, expected " +
                                 std::to_string(expected) + " for shape " + format_shape(t.shape) + " of " + t.dtype);
    }
    tensors.push_back(
        {t.name, *dtype, t.shape, static_cast<std::size_t>(t.begin), static_cast<std::size_t>(t.end)});
  }

  // Sorted by begin, disjoint ranges have increasing ends, so the first overlap is always
  // with the previous non-empty tensor. Empty tensors occupy no bytes and overlap nothing.
  std::vector<const TensorInfo*> by_offset;
  for (const TensorInfo& t : tensors) {
    if (t.begin != t.end) by_offset.push_back(&t);
  }
  std::sort(by_offset.begin(), by_offset.end(),
            [](const TensorInfo* a, const TensorInfo* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < by_offset.size(); ++i) {
    const TensorInfo& previous = *by_offset[i - 1];
    const TensorInfo& current = *by_offset[i];
    if (current.begin < previous.end) {
      throw load_error(name, "tensors '" + previous.name + "' and '" + current.name + "' overlap: data_offsets " +
                                 format_range(previous.begin, previous.end) + " and " +
                                 format_range(current.begin, current.end));
    }
  }

  return SafetensorsFile(TensorFile(path, std::move(mapping), data, std::move(tensors)));
}

std::vector<float> to_float32(DType dtype, std::span<const std::byte> bytes) {
  switch (dtype) {
    case DType::F32:
      return convert_all<std::uint32_t>(dtype, bytes, f32_from_bits);
    case DType::F16:
      return convert_all<std::uint16_t>(dtype, bytes, f16_to_float);
    case DType::BF16:
      return convert_all<std::uint16_t>(dtype, bytes, bf16_to_float);
    default:
      throw std::invalid_argument(std::string("to_float32: ") + to_string(dtype) + " is not a float type");
  }
}

void write_safetensors(const std::filesystem::path& path, const std::vector<NamedTensor>& tensors, DType stored) {
  // The data area is written straight from memory, and safetensors is little-endian.
  static_assert(std::endian::native == std::endian::little);
  if (stored != DType::F32 && stored != DType::BF16) {
    throw std::invalid_argument(path.string() + ": can write F32 or BF16 tensors, not " + to_string(stored));
  }

  // ordered_json keeps __metadata__ first and the tensors in data order, as HF writes them.
  nlohmann::ordered_json header;
  header["__metadata__"] = {{"format", "pt"}};
  std::uint64_t offset = 0;
  for (const NamedTensor& t : tensors) {
    const std::string where = path.string() + ": tensor '" + t.name + "' ";
    const std::optional<std::int64_t> count = checked_element_count(t.shape);
    if (!count || static_cast<std::uint64_t>(*count) != t.values.size()) {
      throw std::invalid_argument(where + "has " + std::to_string(t.values.size()) + " values, shape " +
                                  format_shape(t.shape) + " needs " +
                                  (count ? std::to_string(*count) : "an invalid count"));
    }
    if (header.contains(t.name)) throw std::invalid_argument(where + "is named twice (or clashes with __metadata__)");
    const std::uint64_t end = offset + t.values.size() * dtype_size(stored);
    header[t.name] = {{"dtype", to_string(stored)}, {"shape", t.shape}, {"data_offsets", {offset, end}}};
    offset = end;
  }
  std::string text = header.dump();
  // Pad with spaces so the data area starts 8-byte aligned (the length prefix is 8 bytes too).
  text.append((8 - text.size() % 8) % 8, ' ');

  std::array<std::byte, length_prefix_bytes> prefix{};
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    prefix[i] = static_cast<std::byte>((static_cast<std::uint64_t>(text.size()) >> (8 * i)) & 0xFFu);
  }

  AtomicFile file(path);
  file.write(prefix);
  file.write(std::as_bytes(std::span<const char>(text)));
  for (const NamedTensor& t : tensors) {
    if (stored == DType::F32) {
      file.write(std::as_bytes(t.values));
      continue;
    }
    std::vector<std::uint16_t> halves(t.values.size());
    for (std::size_t i = 0; i < halves.size(); ++i) halves[i] = float_to_bf16(t.values[i]);
    file.write(std::as_bytes(std::span<const std::uint16_t>(halves)));
  }
  file.commit();
}

}  // namespace core
