#pragma once
// Finite-difference gradient checks for the trainer, in double precision.
// Each check perturbs every entry of a tensor by ±h, takes the central difference of the
// objective, and compares the whole numeric gradient with the analytic one:
//   relative error = ‖g_analytic − g_numeric‖ / max(‖g_analytic‖, ‖g_numeric‖) < 1e-6.
// A gradient that is exactly zero in theory has no scale to be relative to: the key bias b^k
// adds q·b^k to every score of a row, which the softmax cancels. Such tensors (both norms
// below 1e-8, where the numeric one is rounding noise) must agree to 1e-8 absolutely.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <string>

#include "training/training_tensor.h"

namespace test {

using Matrix = core::Tensor<double>;

inline Matrix random_matrix(Eigen::Index rows, Eigen::Index cols, std::mt19937_64& generator, double scale = 1.0) {
  std::normal_distribution<double> normal(0.0, scale);
  Matrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(generator);
  return m;
}

inline void expect_gradient(const std::string& what, const std::function<double()>& objective, Matrix& parameter,
                            const Matrix& analytic) {
  ASSERT_EQ(parameter.rows(), analytic.rows()) << what;
  ASSERT_EQ(parameter.cols(), analytic.cols()) << what;
  constexpr double h = 1e-5;
  Matrix numeric(parameter.rows(), parameter.cols());
  for (Eigen::Index i = 0; i < parameter.size(); ++i) {
    const double saved = parameter.data()[i];
    parameter.data()[i] = saved + h;
    const double plus = objective();
    parameter.data()[i] = saved - h;
    const double minus = objective();
    parameter.data()[i] = saved;
    numeric.data()[i] = (plus - minus) / (2 * h);
  }
  const double scale = std::max(analytic.norm(), numeric.norm());
  const double difference = (analytic - numeric).norm();
  if (scale < 1e-8) {
    EXPECT_LT(difference, 1e-8) << what << ": a vanishing gradient";
    return;
  }
  EXPECT_LT(difference / scale, 1e-6) << what << ": analytic norm " << analytic.norm() << ", numeric norm "
                                      << numeric.norm();
}

}  // namespace test
