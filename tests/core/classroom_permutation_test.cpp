// "天涯若比鄰": with the positional encoding off, reordering the words reorders every encoder
// self-attention matrix the same way (A_perm = P A Pᵀ); with it on, it does not.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "families/load_model.h"
#include "tensor/errors.h"
#include "model/model.h"
#include "model/model_input.h"
#include "classroom/permutation_demo.h"
#include "test_support.h"

namespace {

core::Model load(const std::string& folder) { return core::load_model(std::string(ATTNSCOPE_TEST_DATA) + "/" + folder); }

void expect_equal_without_pe_only(const core::PermutationDemo& demo) {
  ASSERT_FALSE(demo.without_pe.max_difference.empty());
  for (std::size_t l = 0; l < demo.without_pe.max_difference.size(); ++l) {
    for (std::size_t h = 0; h < demo.without_pe.max_difference[l].size(); ++h) {
      EXPECT_LE(demo.without_pe.max_difference[l][h], 1e-6) << "layer " << l << ", head " << h;
    }
  }
  EXPECT_GT(demo.with_pe.largest_difference(), 1e-3);
  EXPECT_FALSE(demo.without_pe.positional_encoding);
  EXPECT_TRUE(demo.with_pe.positional_encoding);
}

TEST(PermutationDemo, PermutesRowsAndColumnsAlike) {
  core::RowMatrix a(3, 3);
  a << 1, 2, 3,
       4, 5, 6,
       7, 8, 9;
  core::RowMatrix want(3, 3);
  // π = (2, 0, 1): the new first token is the old third
  want << 9, 7, 8,
          3, 1, 2,
          6, 4, 5;
  expect_matrix_near(core::permute_rows_and_columns(a, {2, 0, 1}), want, 0.0);
}

TEST(PermutationDemo, KeepsSpecialTokensInPlace) {
  const core::Model model = load("torch/encdec-post-relu");
  const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Source, "the big cat saw a small bird");
  const std::vector<bool> fixed = core::fixed_positions(model.source_tokenizer(), tokens);
  ASSERT_EQ(tokens.tokens.back(), "</s>");
  EXPECT_TRUE(fixed.back());
  EXPECT_EQ(std::count(fixed.begin(), fixed.end(), true), 1);

  const core::Permutation order = core::shuffle_permutation(fixed, 7);
  EXPECT_EQ(order.back(), static_cast<int>(tokens.size()) - 1);
  EXPECT_NE(order, core::swap_permutation(fixed, 0, 0));  // not the identity
  EXPECT_EQ(order, core::shuffle_permutation(fixed, 7));
}

TEST(PermutationDemo, SwapNamesABadPosition) {
  const std::vector<bool> fixed = {false, false, true};
  EXPECT_EQ(core::swap_permutation(fixed, 0, 1), (core::Permutation{1, 0, 2}));
  const auto message = [&](int i, int j) {
    try {
      core::swap_permutation(fixed, i, j);
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(0, 3), "position 3 is outside the input (0..2)");
  EXPECT_EQ(message(2, 0), "position 2 holds a special token, which stays in place");
}

TEST(PermutationDemo, NativeEncoderShuffleAndSwap) {
  const core::Model model = load("torch/encdec-post-relu");
  const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Source, "the big cat saw a small bird");
  const std::vector<bool> fixed = core::fixed_positions(model.source_tokenizer(), tokens);

  const core::PermutationDemo shuffled = core::run_permutation_demo(model, tokens, core::shuffle_permutation(fixed, 1));
  expect_equal_without_pe_only(shuffled);
  EXPECT_EQ(shuffled.permuted.tokens[0], tokens.tokens[shuffled.order[0]]);
  EXPECT_EQ(shuffled.original.tokens, tokens.tokens);

  expect_equal_without_pe_only(core::run_permutation_demo(model, tokens, core::swap_permutation(fixed, 1, 5)));
}

TEST(PermutationDemo, HalvesSinusoidEncoder) {
  const core::Model model = load("torch/encoder-post-gelu-halves");
  const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Source, "a dog ran to the old tree");
  const std::vector<bool> fixed = core::fixed_positions(model.source_tokenizer(), tokens);
  expect_equal_without_pe_only(core::run_permutation_demo(model, tokens, core::shuffle_permutation(fixed, 3)));
}

TEST(PermutationDemo, PeerMarianEncoder) {
  const std::string folder = "peer/marian-tiny-short";
  const core::Model model = load(folder);
  std::ifstream file(std::string(ATTNSCOPE_TEST_DATA) + "/" + folder + "/expected.json");
  const auto ids = nlohmann::json::parse(file).at("source_ids").get<std::vector<int>>();
  const core::Tokenization tokens = core::tokens_for_ids(model, core::InputSide::Source, ids);
  const std::vector<bool> fixed = core::fixed_positions(model.source_tokenizer(), tokens);
  EXPECT_TRUE(fixed.back());  // </s>
  expect_equal_without_pe_only(core::run_permutation_demo(model, tokens, core::shuffle_permutation(fixed, 11)));
}

TEST(PermutationDemo, NamesWhatItCannotRun) {
  const core::Model decoder_only = load("torch/decoder-pre-gelu-learned");
  const core::Model model = load("torch/encdec-post-relu");
  const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Source, "the cat");
  const auto message = [](const core::Model& m, const core::Tokenization& t, const core::Permutation& order) {
    try {
      core::run_permutation_demo(m, t, order);
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(decoder_only, tokens, {2, 1, 0}),
            "the last token stays in place: it is the query that sees every word of a decoder-only model");
  EXPECT_EQ(message(model, tokens, {0, 0, 2}), "the reordering is not a permutation of the 3 tokens");
  EXPECT_EQ(message(model, core::Tokenization{}, {}), "the source input is empty");
}

}  // namespace
