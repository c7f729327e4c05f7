#include "io/npy.h"

#include <bit>
#include <stdexcept>

namespace core {

namespace {

// The data are copied as the CPU holds them and declared '<f4' (little-endian float32).
static_assert(std::endian::native == std::endian::little, "npy_float32 writes the host's floats as little-endian");

constexpr std::size_t data_alignment = 64;  // NumPy ≥ 1.14 aligns to 64 (the 1.0 spec asks 16; 64 is both)

}  // namespace

std::string npy_float32(const std::vector<RowMatrix>& heads) {
  const Eigen::Index rows = heads.empty() ? 0 : heads.front().rows();
  const Eigen::Index cols = heads.empty() ? 0 : heads.front().cols();
  for (const RowMatrix& head : heads) {
    if (head.rows() != rows || head.cols() != cols) throw std::invalid_argument("npy_float32: heads of different shapes");
  }
  std::string bytes = npy_float32_header(heads.size(), rows, cols);
  for (const RowMatrix& head : heads) {
    // RowMatrix is row-major: its storage is already C order.
    if (head.size() == 0) continue;
    bytes.append(reinterpret_cast<const char*>(head.data()), static_cast<std::size_t>(head.size()) * sizeof(float));
  }
  return bytes;
}

std::string npy_float32_header(std::size_t heads, Eigen::Index rows, Eigen::Index cols) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(heads) + ", " +
                       std::to_string(rows) + ", " + std::to_string(cols) + "), }";
  // preamble (10 bytes) + header + padding + '\n' ≡ 0 (mod 64)
  const std::size_t preamble = 10;
  const std::size_t unpadded = preamble + header.size() + 1;
  header.append((data_alignment - unpadded % data_alignment) % data_alignment, ' ');
  header += '\n';

  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>((header.size() >> 8) & 0xff);
  bytes += header;
  return bytes;
}

}  // namespace core
