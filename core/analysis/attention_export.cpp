#include "analysis/attention_export.h"

#include <bit>
#include <cstdint>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tensor/errors.h"
#include "model/trace_json.h"

namespace core {

namespace {

void check(const AttentionExport& a) {
  if (a.heads.empty()) throw InputError("there is no attention matrix to export");
  const Eigen::Index rows = a.heads.front().rows();
  const Eigen::Index cols = a.heads.front().cols();
  for (const RowMatrix& head : a.heads) {
    if (head.rows() != rows || head.cols() != cols) throw InputError("the heads' attention matrices differ in shape");
  }
  if (static_cast<Eigen::Index>(a.query_tokens.size()) != rows ||
      static_cast<Eigen::Index>(a.key_tokens.size()) != cols) {
    throw InputError("the token labels do not match the attention matrix's " + std::to_string(rows) + " × " +
                     std::to_string(cols) + " shape");
  }
}

// RFC 4180: a field holding a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

std::string attention_csv(const AttentionExport& a) {
  check(a);
  const bool several = a.heads.size() > 1;
  std::ostringstream out;
  // max_digits10: the text reads back to the same float
  out.precision(9);
  if (several) out << "head,";
  out << "query\\key";
  for (const std::string& key : a.key_tokens) out << ',' << csv_field(key);
  out << '\n';
  for (std::size_t h = 0; h < a.heads.size(); ++h) {
    for (Eigen::Index i = 0; i < a.heads[h].rows(); ++i) {
      if (several) out << h << ',';
      out << csv_field(a.query_tokens[i]);
      for (Eigen::Index j = 0; j < a.heads[h].cols(); ++j) out << ',' << a.heads[h](i, j);
      out << '\n';
    }
  }
  return out.str();
}

std::string attention_json(const AttentionExport& a) {
  check(a);
  nlohmann::json j;
  j["query_tokens"] = a.query_tokens;
  j["key_tokens"] = a.key_tokens;
  const Eigen::Index rows = a.heads.front().rows();
  const Eigen::Index cols = a.heads.front().cols();
  if (a.heads.size() == 1) {
    j["shape"] = {rows, cols};
    j["attention"] = matrix_to_json(a.heads.front());
  } else {
    j["shape"] = {static_cast<Eigen::Index>(a.heads.size()), rows, cols};
    j["attention"] = nlohmann::json::array();
    for (const RowMatrix& head : a.heads) j["attention"].push_back(matrix_to_json(head));
  }
  // replace: a token's invalid UTF-8 must not make the export throw
  return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string attention_npy(const AttentionExport& a) {
  check(a);
  static_assert(std::endian::native == std::endian::little, "'<f4' is written as the machine's own floats");
  const Eigen::Index rows = a.heads.front().rows();
  const Eigen::Index cols = a.heads.front().cols();
  std::ostringstream dict;
  dict << "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  if (a.heads.size() > 1) dict << a.heads.size() << ", ";
  dict << rows << ", " << cols << "), }";
  std::string header = dict.str();
  // Format 1.0: magic (6) + version (2) + header length (2) + header, padded with spaces and ended
  // by '\n' so the data starts on a multiple of 64 bytes.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  const auto header_length = static_cast<std::uint16_t>(header.size());

  std::string bytes = "\x93NUMPY";
  bytes += '\x01';
  bytes += '\x00';
  bytes += static_cast<char>(header_length & 0xff);
  bytes += static_cast<char>(header_length >> 8);
  bytes += header;
  // RowMatrix is row-major, so each head's data is already C order.
  for (const RowMatrix& head : a.heads) {
    bytes.append(reinterpret_cast<const char*>(head.data()), static_cast<std::size_t>(head.size()) * sizeof(float));
  }
  return bytes;
}

}  // namespace core
