// ForwardOptions::progress: called after every block of the pass, encoder and decoder counted
// together, on the pass's thread; returning false stops the pass with core::Cancelled.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "families/load_model.h"
#include "model/transformer.h"
#include "tensor/errors.h"

namespace {

const std::string marian = std::string(ATTNSCOPE_TEST_DATA) + "/peer/marian-tiny-short";

TEST(ForwardProgress, EveryBlockOfBothStacksIsReportedInOrder) {
  const core::Model model = core::load_model(marian);
  const int blocks = model.spec().encoder.layers() + model.spec().decoder.layers();
  std::vector<std::pair<int, int>> calls;
  core::ForwardOptions options;
  options.progress = [&](int done, int total) {
    calls.emplace_back(done, total);
    return true;
  };
  core::forward(model, std::vector<int>{4, 9, 15}, std::vector<int>{1, 7}, options);
  ASSERT_EQ(static_cast<int>(calls.size()), blocks);
  for (int i = 0; i < blocks; ++i) EXPECT_EQ(calls[static_cast<std::size_t>(i)], std::make_pair(i + 1, blocks));
}

TEST(ForwardProgress, ReturningFalseCancelsThePass) {
  const core::Model model = core::load_model(marian);
  int calls = 0;
  core::ForwardOptions options;
  options.progress = [&](int, int) { return ++calls < 2; };
  EXPECT_THAT([&] { core::forward(model, std::vector<int>{4, 9, 15}, std::vector<int>{1, 7}, options); },
              ::testing::ThrowsMessage<core::Cancelled>(::testing::HasSubstr("the forward pass was cancelled")));
  EXPECT_EQ(calls, 2) << "stopped at the block whose callback said no";
}

}  // namespace
