#pragma once
// Writes GGUF files for the tests: hand-made ones, and edited copies of the committed fixtures (a key
// dropped, a tensor retyped), so each loader message has a file that provokes it. The layout is the
// one core/io/gguf_file.h describes; offsets are laid out here, each tensor aligned to 32 bytes.

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/gguf_file.h"

namespace gguf_test {

struct Tensor {
  std::string name;
  std::vector<std::int64_t> ne;
  std::uint32_t type = 0;
  std::string bytes;
};

struct Contents {
  std::uint32_t version = 3;
  std::vector<core::GgufMetadata> metadata;
  std::vector<Tensor> tensors;

  core::GgufValue* find(const std::string& key) {
    for (core::GgufMetadata& entry : metadata) {
      if (entry.key == key) return &entry.value;
    }
    return nullptr;
  }
  void erase(const std::string& key) {
    std::erase_if(metadata, [&](const core::GgufMetadata& entry) { return entry.key == key; });
  }
  Tensor* tensor(const std::string& name) {
    for (Tensor& t : tensors) {
      if (t.name == name) return &t;
    }
    return nullptr;
  }
};

inline void put(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

inline void put_string(std::string& out, const std::string& text) {
  put(out, text.size(), 8);
  out += text;
}

inline void put_number(std::string& out, core::GgufValueType type, double value) {
  using T = core::GgufValueType;
  switch (type) {
    case T::Uint8: case T::Int8: case T::Bool: put(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(value)), 1); break;
    case T::Uint16: case T::Int16: put(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(value)), 2); break;
    case T::Uint32: case T::Int32: put(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(value)), 4); break;
    case T::Uint64: case T::Int64: put(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(value)), 8); break;
    case T::Float32: {
      const float f = static_cast<float>(value);
      std::uint32_t bits;
      std::memcpy(&bits, &f, 4);
      put(out, bits, 4);
      break;
    }
    case T::Float64: {
      std::uint64_t bits;
      std::memcpy(&bits, &value, 8);
      put(out, bits, 8);
      break;
    }
    default: break;
  }
}

inline void put_value(std::string& out, const core::GgufValue& value) {
  if (value.is_array) {
    put(out, static_cast<std::uint32_t>(core::GgufValueType::Array), 4);
    put(out, static_cast<std::uint32_t>(value.type), 4);
    const std::size_t count = value.type == core::GgufValueType::String ? value.strings.size() : value.numbers.size();
    put(out, count, 8);
  } else {
    put(out, static_cast<std::uint32_t>(value.type), 4);
  }
  if (value.type == core::GgufValueType::String) {
    for (const std::string& text : value.strings) put_string(out, text);
  } else {
    for (const double number : value.numbers) put_number(out, value.type, number);
  }
}

inline std::string serialize(const Contents& contents) {
  constexpr std::size_t alignment = 32;
  std::string out = "GGUF";
  put(out, contents.version, 4);
  put(out, contents.tensors.size(), 8);
  put(out, contents.metadata.size(), 8);
  for (const core::GgufMetadata& entry : contents.metadata) {
    put_string(out, entry.key);
    put_value(out, entry.value);
  }
  std::string data;
  for (const Tensor& tensor : contents.tensors) {
    put_string(out, tensor.name);
    put(out, tensor.ne.size(), 4);
    for (const std::int64_t n : tensor.ne) put(out, static_cast<std::uint64_t>(n), 8);
    put(out, tensor.type, 4);
    put(out, data.size(), 8);
    data += tensor.bytes;
    data.append((alignment - data.size() % alignment) % alignment, '\0');
  }
  out.append((alignment - out.size() % alignment) % alignment, '\0');
  return out + data;
}

inline void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream << bytes;
}

// A committed fixture as editable contents.
inline Contents read(const std::filesystem::path& path) {
  const core::GgufFile file = core::GgufFile::open(path);
  Contents contents;
  contents.version = file.version();
  contents.metadata = file.metadata();
  for (const core::GgufTensor& tensor : file.tensors()) {
    const std::span<const std::byte> bytes = file.bytes(tensor);
    contents.tensors.push_back(
        {tensor.name, tensor.ne, tensor.type, std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())});
  }
  return contents;
}

inline core::GgufValue string_value(const std::string& text) {
  core::GgufValue value;
  value.type = core::GgufValueType::String;
  value.strings = {text};
  return value;
}

inline core::GgufValue number_value(core::GgufValueType type, double number) {
  core::GgufValue value;
  value.type = type;
  value.numbers = {number};
  return value;
}

}  // namespace gguf_test
