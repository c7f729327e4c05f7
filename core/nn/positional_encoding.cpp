#include "nn/positional_encoding.h"

#include <cmath>

namespace core {

RowMatrix sinusoidal_table(int positions, int d_model, AbsolutePositions layout) {
  RowMatrix table = RowMatrix::Zero(positions, d_model);
  const int pairs = d_model / 2;
  for (int p = 0; p < positions; ++p) {
    for (int i = 0; i < pairs; ++i) {
      // Computed in double: at large p the float angle would lose the digits that tell positions apart.
      const double angle = p / std::pow(10000.0, 2.0 * i / d_model);
      const int sin_column = layout == AbsolutePositions::SinusoidalHalves ? i : 2 * i;
      const int cos_column = layout == AbsolutePositions::SinusoidalHalves ? pairs + i : 2 * i + 1;
      table(p, sin_column) = static_cast<float>(std::sin(angle));
      table(p, cos_column) = static_cast<float>(std::cos(angle));
    }
  }
  return table;
}

}  // namespace core
