// ForwardOptions::progress: called after every block of the pass, encoder and decoder counted
// together, on the pass's thread; returning false stops the pass with core::Cancelled.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "families/load_model.h"
#include "model/prepare_inputs.h"
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

// Greedy generation (prepare_inputs with an empty target) reports each token it adds against its
// budget, and stops at the first "no" with core::Cancelled, leaving the input as it was.
TEST(ForwardProgress, GenerationReportsTokensAndCanBeCancelled) {
  const core::Model model = core::load_model(marian);
  std::vector<std::pair<int, int>> calls;
  core::ForwardOptions options;
  options.progress = [&](int done, int total) {
    calls.emplace_back(done, total);
    return true;
  };
  const core::ModelInput generated = core::prepare_inputs(model, "the cat sat", "", options);
  ASSERT_TRUE(generated.generated);
  const int budget = core::generation_budget(model.spec(), generated.source.size());
  // every token but the one that ends the generation (the end token or the budget's last)
  ASSERT_EQ(calls.size(), generated.target.size() - 2);
  for (std::size_t i = 0; i < calls.size(); ++i) EXPECT_EQ(calls[i], std::make_pair(static_cast<int>(i) + 1, budget));

  core::ModelInput input;
  input.source = generated.source;
  options.progress = [](int, int) { return false; };
  EXPECT_THAT([&] { core::generate_target(model, input, options); },
              ::testing::ThrowsMessage<core::Cancelled>(::testing::HasSubstr("the generation was cancelled")));
  EXPECT_FALSE(input.generated);
  EXPECT_EQ(input.target.size(), 0u);
  EXPECT_TRUE(input.generated_ids.empty());
}

}  // namespace
