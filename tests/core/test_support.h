#pragma once
// Shared by the core tests: one comparison that says where two matrices part ways.

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "tensor/tensor.h"

// Checks the shape, then every entry within tol. A failure names the first bad (row, col) and the
// largest difference, so one message tells an off-by-one row from a uniformly drifting result.
// Equal infinities match: masked scores are -infinity on both sides. NaN never matches.
inline void expect_matrix_near(const core::RowMatrix& got, const core::RowMatrix& want, double tol) {
  if (got.rows() != want.rows() || got.cols() != want.cols()) {
    ADD_FAILURE() << "shape (" << got.rows() << ", " << got.cols() << "), expected (" << want.rows() << ", "
                  << want.cols() << ")";
    return;
  }
  Eigen::Index bad_row = -1;
  Eigen::Index bad_col = -1;
  double max_diff = 0.0;
  for (Eigen::Index i = 0; i < got.rows(); ++i) {
    for (Eigen::Index j = 0; j < got.cols(); ++j) {
      const double g = got(i, j);
      const double w = want(i, j);
      const bool same_infinity = std::isinf(g) && g == w;
      const double diff = same_infinity ? 0.0 : std::abs(g - w);
      // NaN compares false both ways: it never raises max_diff but always counts as bad.
      if (diff > max_diff) max_diff = diff;
      if (!(diff <= tol) && bad_row < 0) {
        bad_row = i;
        bad_col = j;
      }
    }
  }
  if (bad_row >= 0) {
    std::ostringstream message;
    message.precision(9);
    message << "first bad entry (" << bad_row << ", " << bad_col << "): got " << got(bad_row, bad_col)
            << ", expected " << want(bad_row, bad_col) << "; max diff " << max_diff << " (tol " << tol << ")";
    ADD_FAILURE() << message.str();
  }
}
