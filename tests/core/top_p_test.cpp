// Top-p edges (docs/methods.md): per query, the smallest set of keys holding a share p of the row.

#include <gtest/gtest.h>

#include <limits>

#include "analysis/methods/top_p.h"
#include "tensor/errors.h"

namespace {

core::RowVector row(std::initializer_list<float> values) {
  core::RowVector r(static_cast<Eigen::Index>(values.size()));
  Eigen::Index j = 0;
  for (const float value : values) r(j++) = value;
  return r;
}

TEST(TopP, KeepsTheSmallestSetReachingTheShare) {
  const core::RowVector weights = row({0.1f, 0.5f, 0.15f, 0.25f});
  EXPECT_EQ(core::top_p_keys(weights, 0.5), (std::vector<int>{1}));
  EXPECT_EQ(core::top_p_keys(weights, 0.6), (std::vector<int>{1, 3}));
  EXPECT_EQ(core::top_p_keys(weights, 0.9), (std::vector<int>{1, 3, 2}));
  EXPECT_EQ(core::top_p_keys(weights, 1.0), (std::vector<int>{1, 3, 2, 0}));
  // a peaked row keeps one key, a flat one many
  EXPECT_EQ(core::top_p_keys(row({0.97f, 0.01f, 0.01f, 0.01f}), 0.9).size(), 1u);
  EXPECT_EQ(core::top_p_keys(row({0.25f, 0.25f, 0.25f, 0.25f}), 0.9).size(), 4u);
  // ties: the lower key first
  EXPECT_EQ(core::top_p_keys(row({0.25f, 0.25f, 0.25f, 0.25f}), 0.5), (std::vector<int>{0, 1}));
}

TEST(TopP, RowsThatAreNotDistributionsUseTheirOwnTotal) {
  // norm-based rows: 2 + 6 + 2 = 10; p = 0.6 needs 6 of them
  EXPECT_EQ(core::top_p_keys(row({2.0f, 6.0f, 2.0f}), 0.6), (std::vector<int>{1}));
  EXPECT_EQ(core::top_p_keys(row({2.0f, 6.0f, 2.0f}), 0.61), (std::vector<int>{1, 0}));
}

TEST(TopP, FilterZeroesWhatIsDroppedAndKeepsMaskedRowsEmpty) {
  core::RowMatrix weights(3, 3);
  weights << 1.0f, 0.0f, 0.0f,  //
      0.3f, 0.7f, 0.0f,         //
      0.0f, 0.0f, 0.0f;         // a fully masked query
  core::RowMatrix want(3, 3);
  want << 1.0f, 0.0f, 0.0f,  //
      0.0f, 0.7f, 0.0f,      //
      0.0f, 0.0f, 0.0f;
  EXPECT_EQ(core::top_p_filter(weights, 0.6), want);
  EXPECT_TRUE(core::top_p_keys(weights.row(2), 0.9).empty());
}

TEST(TopP, BadPOrNegativeWeightsAreRefusedWithAMessage) {
  const core::RowVector weights = row({0.5f, 0.5f});
  for (const double p : {0.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN()}) {
    try {
      core::top_p_keys(weights, p);
      ADD_FAILURE() << "p = " << p << " accepted";
    } catch (const core::InputError& error) {
      EXPECT_NE(std::string(error.what()).find("top-p needs p in (0, 1]"), std::string::npos) << error.what();
    }
  }
  EXPECT_THROW(core::top_p_keys(row({0.5f, -0.5f}), 0.5), core::InputError);
}

}  // namespace
