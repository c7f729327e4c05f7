// The feed-forward computed a block of rows at a time past 1,024 rows (nn/feed_forward.h): the
// same values as the formula over every row at once, for plain and gated networks.

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "nn/feed_forward.h"

namespace {

using core::RowMatrix;

RowMatrix random_matrix(Eigen::Index rows, Eigen::Index cols, std::mt19937& generator) {
  std::normal_distribution<float> normal(0.0f, 0.3f);
  RowMatrix m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = normal(generator);
  return m;
}

core::LinearWeights weights_of(const RowMatrix& w) { return {{w.data(), w.rows(), w.cols()}, {}}; }

TEST(FeedForwardBlocks, BlockRowsAreEqualAndAtMost1024) {
  EXPECT_EQ(core::feed_forward_block_rows(7), 7);
  EXPECT_EQ(core::feed_forward_block_rows(1024), 1024);
  EXPECT_EQ(core::feed_forward_block_rows(1025), 513);  // two blocks of 513 and 512, not 1024 and 1
  EXPECT_EQ(core::feed_forward_block_rows(4096), 1024);
  EXPECT_EQ(core::feed_forward_block_rows(4097), 820);
}

TEST(FeedForwardBlocks, ALongInputGivesTheFormulasValuesOnEveryRow) {
  std::mt19937 generator(7);
  constexpr Eigen::Index d = 24;
  constexpr Eigen::Index d_ff = 40;
  const RowMatrix up = random_matrix(d_ff, d, generator);
  const RowMatrix gate = random_matrix(d_ff, d, generator);
  const RowMatrix down = random_matrix(d, d_ff, generator);
  const RowMatrix x = random_matrix(2500, d, generator);  // three blocks of 833–834 rows
  for (const bool gated : {false, true}) {
    core::FeedForwardSpec spec;
    spec.gated = gated;
    spec.activation = gated ? core::Activation::Silu : core::Activation::Relu;
    core::FeedForwardWeights weights{weights_of(up), gated ? weights_of(gate) : core::LinearWeights{}, weights_of(down)};
    const RowMatrix y = core::feed_forward(x, weights, spec);
    ASSERT_EQ(y.rows(), x.rows());
    ASSERT_EQ(y.cols(), d);
    // FFN(x) = act(x W_upᵀ) W_downᵀ, gated: (SiLU(x W_gateᵀ) ⊙ x W_upᵀ) W_downᵀ
    RowMatrix hidden = x * up.transpose();
    if (gated) {
      const RowMatrix g = x * gate.transpose();
      hidden.array() *= (g.array() / (1.0f + (-g.array()).exp()));
    } else {
      hidden = hidden.cwiseMax(0.0f);
    }
    const RowMatrix expected = hidden * down.transpose();
    EXPECT_LT((y - expected).cwiseAbs().maxCoeff(), 1e-4f) << (gated ? "gated" : "plain");
    // and a block boundary row is the same as when its block is computed alone
    const RowMatrix block = core::feed_forward(x.middleRows(833, 833), weights, spec);
    EXPECT_EQ(y.row(833), block.row(0));
  }
}

}  // namespace
