#pragma once
// A minimal reader of the .npy files core/io/npy.h writes, for the tests: it parses the header
// itself (magic, version 1.0, '<f4', C order, the shape) so a mistake in the writer is not
// mirrored by a shared helper.

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace test {

struct NpyArray {
  std::vector<long> shape;
  std::vector<float> values;  // C order
  std::size_t header_bytes = 0;  // preamble and header: where the data start

  float at(long i, long j, long k) const {
    return values[static_cast<std::size_t>((i * shape[1] + j) * shape[2] + k)];
  }
};

inline NpyArray parse_npy(const std::string& bytes) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw std::runtime_error("not a .npy file");
  if (bytes[6] != '\x01' || bytes[7] != '\x00') throw std::runtime_error("not version 1.0");
  const std::size_t header_length =
      static_cast<unsigned char>(bytes[8]) | (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
  const std::string header = bytes.substr(10, header_length);
  // "{'descr': '<f4', 'fortran_order': False, 'shape': (A, B, C), }", spaces, then a newline
  // (parsed by hand: GCC 12 warns falsely inside <regex> in the sanitizer build)
  const std::string prefix = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  const std::string suffix = "), }";
  const std::size_t end = header.find(suffix);
  const bool framed = header.compare(0, prefix.size(), prefix) == 0 && end != std::string::npos && !header.empty() &&
                      header.back() == '\n' &&
                      header.find_first_not_of(' ', end + suffix.size()) == header.size() - 1;
  if (!framed) throw std::runtime_error("unexpected header: " + header);
  NpyArray array;
  std::string dims = header.substr(prefix.size(), end - prefix.size()) + ", ";
  for (std::size_t at = 0; at < dims.size();) {
    const std::size_t comma = dims.find(", ", at);
    const std::string dim = dims.substr(at, comma - at);
    if (dim.empty() || dim.find_first_not_of("0123456789") != std::string::npos) {
      throw std::runtime_error("unexpected header: " + header);
    }
    array.shape.push_back(std::stol(dim));
    at = comma + 2;
  }
  if (array.shape.size() != 3) throw std::runtime_error("expected three dimensions: " + header);
  array.header_bytes = 10 + header_length;
  const std::size_t count = static_cast<std::size_t>(array.shape[0] * array.shape[1] * array.shape[2]);
  if (bytes.size() != array.header_bytes + count * sizeof(float)) throw std::runtime_error("data size does not match the shape");
  array.values.resize(count);
  if (count > 0) std::memcpy(array.values.data(), bytes.data() + array.header_bytes, count * sizeof(float));
  return array;
}

inline NpyArray read_npy(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return parse_npy(std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()));
}

}  // namespace test
