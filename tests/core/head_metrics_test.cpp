// Head metrics on attention patterns whose answers are known by hand.
#include <gtest/gtest.h>

#include <stdexcept>

#include "analysis/head_metrics.h"

namespace {

core::RowMatrix causal_uniform(int n) {
  core::RowMatrix alpha_hat = core::RowMatrix::Zero(n, n);
  for (int i = 0; i < n; ++i) alpha_hat.row(i).head(i + 1).setConstant(1.0f / static_cast<float>(i + 1));
  return alpha_hat;
}

core::RowMatrix previous_token(int n) {
  core::RowMatrix alpha_hat = core::RowMatrix::Zero(n, n);
  alpha_hat(0, 0) = 1.0f;
  for (int i = 1; i < n; ++i) alpha_hat(i, i - 1) = 1.0f;
  return alpha_hat;
}

TEST(HeadMetrics, EntropyIsZeroForOneKeyAndOneForUniform) {
  EXPECT_NEAR(core::attention_entropy(core::RowMatrix::Identity(5, 5), false), 0.0, 1e-9);
  EXPECT_NEAR(core::attention_entropy(core::RowMatrix::Constant(4, 6, 1.0f / 6), false), 1.0, 1e-6);
  EXPECT_NEAR(core::attention_entropy(causal_uniform(6), true), 1.0, 1e-6);
}

TEST(HeadMetrics, DistanceOfLocalAndFarHeads) {
  EXPECT_NEAR(core::mean_attention_distance(previous_token(6), true), 1.0, 1e-9);
  EXPECT_NEAR(core::mean_attention_distance(core::RowMatrix::Identity(4, 4), false), 0.0, 1e-9);
  // every query on key 0 under the causal mask: each row at its farthest key
  core::RowMatrix first = core::RowMatrix::Zero(5, 5);
  first.col(0).setOnes();
  EXPECT_NEAR(core::normalized_attention_distance(first, true), 1.0, 1e-9);
  EXPECT_NEAR(core::mean_attention_distance(first, true), 2.5, 1e-9);  // (1 + 2 + 3 + 4) / 4
}

TEST(HeadMetrics, InductionScore) {
  // <s> x0 x1 x2 x0 x1 x2: offset 1, T = 3; queries x_{T+k} → keys x_{k+1}
  const int t = 3;
  core::RowMatrix alpha_hat = causal_uniform(1 + 2 * t);
  EXPECT_LT(core::induction_score(alpha_hat, t, 1), 0.25);
  for (int k = 0; k <= t - 2; ++k) {
    alpha_hat.row(1 + t + k).setZero();
    alpha_hat(1 + t + k, 1 + k + 1) = 1.0f;
  }
  EXPECT_NEAR(core::induction_score(alpha_hat, t, 1), 1.0, 1e-9);
  EXPECT_THROW(core::induction_score(alpha_hat, 4, 1), std::invalid_argument);
}

}  // namespace
