#include "tensor/tensor.h"

#include <stdexcept>
#include <string>

namespace core {

MatrixView WeightMatrix::view() const {
  if (type != ScalarType::F32) {
    throw std::logic_error(std::string("WeightMatrix::view() on a ") + to_string(type) +
                           " weight; use rows_f32() or the gemm");
  }
  return MatrixView(static_cast<const float*>(data), rows, cols);
}

RowMatrix WeightMatrix::rows_f32(Eigen::Index begin, Eigen::Index count) const {
  RowMatrix values(count, cols);
  for (Eigen::Index r = 0; r < count; ++r) {
    const void* row = row_bytes(begin + r);
    for (Eigen::Index c = 0; c < cols; ++c) values(r, c) = element_to_float(row, type, c);
  }
  return values;
}

WeightMatrix WeightMatrix::middle_rows(Eigen::Index begin, Eigen::Index count) const {
  WeightMatrix part = *this;
  part.data = row_bytes(begin);
  part.rows = count;
  return part;
}

}  // namespace core
