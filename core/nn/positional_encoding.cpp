#include "nn/positional_encoding.h"

#include <cmath>
#include <vector>

namespace core {

RowMatrix sinusoidal_table(int positions, int d_model, AbsolutePositions layout) {
  RowMatrix table = RowMatrix::Zero(positions, d_model);
  const int pairs = d_model / 2;
  // The pair's wavelength factor 10000^(2i/d), once per pair rather than once per position.
  std::vector<double> divisor(static_cast<std::size_t>(pairs));
  for (int i = 0; i < pairs; ++i) divisor[static_cast<std::size_t>(i)] = std::pow(10000.0, 2.0 * i / d_model);
  for (int p = 0; p < positions; ++p) {
    for (int i = 0; i < pairs; ++i) {
      // Computed in double: at large p the float angle would lose the digits that tell positions apart.
      const double angle = p / divisor[static_cast<std::size_t>(i)];
      const int sin_column = layout == AbsolutePositions::SinusoidalHalves ? i : 2 * i;
      const int cos_column = layout == AbsolutePositions::SinusoidalHalves ? pairs + i : 2 * i + 1;
      table(p, sin_column) = static_cast<float>(std::sin(angle));
      table(p, cos_column) = static_cast<float>(std::cos(angle));
    }
  }
  return table;
}

}  // namespace core
