#include "text/sentencepiece_proto.h"

#include <cstdint>
#include <vector>

namespace core {

namespace {

struct Field {
  std::uint64_t number = 0;
  int wire_type = 0;
  std::string_view bytes;    // the whole field: tag, length and payload
  std::string_view payload;  // length-delimited fields: the payload alone
};

bool read_varint(std::string_view data, std::size_t& at, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && at < data.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(data[at++]);
    value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

void write_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

std::optional<std::vector<Field>> read_fields(std::string_view data) {
  std::vector<Field> fields;
  std::size_t at = 0;
  while (at < data.size()) {
    const std::size_t begin = at;
    std::uint64_t tag = 0;
    if (!read_varint(data, at, tag)) return std::nullopt;
    Field field{tag >> 3, static_cast<int>(tag & 7), {}, {}};
    std::uint64_t length = 0;
    switch (field.wire_type) {
      case 0:
        if (!read_varint(data, at, length)) return std::nullopt;
        break;
      case 1: at += 8; break;
      case 5: at += 4; break;
      case 2:
        if (!read_varint(data, at, length) || length > data.size() - at) return std::nullopt;
        field.payload = data.substr(at, length);
        at += length;
        break;
      default: return std::nullopt;
    }
    if (at > data.size()) return std::nullopt;
    field.bytes = data.substr(begin, at - begin);
    fields.push_back(field);
  }
  return fields;
}

}  // namespace

std::optional<std::string> with_add_dummy_prefix(std::string_view model_proto, bool value) {
  const std::optional<std::vector<Field>> fields = read_fields(model_proto);
  if (!fields) return std::nullopt;
  std::string out;
  bool found = false;
  for (const Field& field : *fields) {
    if (field.number != 3 || field.wire_type != 2) {
      out += field.bytes;
      continue;
    }
    const std::optional<std::vector<Field>> spec = read_fields(field.payload);
    if (!spec) return std::nullopt;
    std::string payload;
    for (const Field& inner : *spec) {
      if (inner.number != 3) payload += inner.bytes;
    }
    payload.push_back(static_cast<char>(3 << 3));  // field 3, varint
    payload.push_back(value ? 1 : 0);
    out.push_back(static_cast<char>(3 << 3 | 2));  // field 3, length-delimited
    write_varint(out, payload.size());
    out += payload;
    found = true;
  }
  if (!found) return std::nullopt;
  return out;
}

}  // namespace core
