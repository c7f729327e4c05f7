// Generation with a key/value cache (model/cached_generation.h) gives the tokens and logits of the
// decoder that re-runs the whole prefix at every step (model/generation.h), and the new token's
// row of α̂, on decoder-only and encoder-decoder families whose positions differ: rotary with
// grouped-query attention, learned positions (GPT-2), ALiBi, a sliding window, T5's relative bias,
// Marian's sinusoids with cross-attention; and each later step reads one token.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "families/load_model.h"
#include "model/cached_generation.h"
#include "model/generation.h"
#include "model/memory_estimate.h"
#include "model/transformer.h"
#include "tensor/errors.h"
#include "test_support.h"

namespace {

using ::testing::HasSubstr;

const std::string hf_cases = std::string(ATTNSCOPE_TEST_DATA) + "/hf-cases/";
const std::string peer_cases = std::string(ATTNSCOPE_TEST_DATA) + "/peer/";

class CachedGeneration : public ::testing::TestWithParam<std::string> {};

TEST_P(CachedGeneration, MatchesReRunningThePrefixEveryStep) {
  const core::Model model = core::load_model(GetParam());
  const bool encoder_decoder = model.spec().has_encoder();
  const std::vector<int> source = {4, 9, 15, 22, 31, 8, 17};
  const std::vector<int> prefix = encoder_decoder ? core::generation_prefix(model) : std::vector<int>{3, 14, 15, 9, 26, 5};
  ASSERT_FALSE(prefix.empty());
  constexpr int new_tokens = 8;
  core::GreedyDecoder full(model, source, prefix, {}, new_tokens);
  core::CachedGreedyDecoder cached(model, source, prefix, {}, new_tokens);
  int steps = 0;
  while (!full.finished()) {
    ASSERT_FALSE(cached.finished());
    SCOPED_TRACE("step " + std::to_string(steps));
    const core::GenerationStep want = full.step();
    const core::CachedStep got = cached.step();
    // 1e-5 relative to the largest logit: a one-row pass rounds its sums in another order than the
    // whole prefix's (the kernels block rows), which moves a logit of 4.3 by up to 1.6e-5
    const double scale = std::max(1.0, static_cast<double>(want.logits.cwiseAbs().maxCoeff()));
    expect_matrix_near(got.logits / scale, want.logits / scale, 1e-5);
    EXPECT_EQ(got.next_id, want.next_id);
    EXPECT_EQ(got.position, static_cast<int>(want.decoder_input.size()) - 1);
    // each later step read one token: the cache holds exactly the positions read so far
    EXPECT_EQ(cached.cached_positions(), static_cast<int>(want.decoder_input.size()));
    // the new token's row of α̂ in every layer and head
    ASSERT_EQ(got.self_row.size(), want.trace.decoder_self.size());
    for (std::size_t l = 0; l < want.trace.decoder_self.size(); ++l) {
      for (std::size_t h = 0; h < want.trace.decoder_self[l].heads.size(); ++h) {
        expect_matrix_near(got.self_row[l].heads[h], want.trace.decoder_self[l].heads[h].bottomRows(1), 1e-5);
      }
    }
    ASSERT_EQ(got.cross_row.size(), want.trace.decoder_cross.size());
    for (std::size_t l = 0; l < want.trace.decoder_cross.size(); ++l) {
      for (std::size_t h = 0; h < want.trace.decoder_cross[l].heads.size(); ++h) {
        expect_matrix_near(got.cross_row[l].heads[h], want.trace.decoder_cross[l].heads[h].bottomRows(1), 1e-5);
      }
    }
    ++steps;
  }
  EXPECT_TRUE(cached.finished());
  EXPECT_EQ(cached.sequence(), full.sequence());
  EXPECT_GE(steps, 2);
  // the prefix pass's attention, on demand, equals a dense pass over the prefix
  const core::ForwardResult prefix_pass = core::forward(model, source, prefix);
  const core::AttentionKind kind = core::AttentionKind::DecoderSelf;
  ASSERT_FALSE(cached.prefix_trace().is_dense());
  expect_matrix_near(cached.prefix_trace().attention(kind, 0, 0), prefix_pass.trace.attention(kind, 0, 0), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Families, CachedGeneration,
                         ::testing::Values(hf_cases + "llama-tiny-gqa",       // rotary, grouped-query
                                           peer_cases + "gpt2-tiny-short",    // learned positions
                                           hf_cases + "bloom-tiny-alibi6",    // ALiBi
                                           hf_cases + "mistral-tiny-swa",     // sliding window
                                           hf_cases + "gemma2-tiny-softcap",  // soft cap, alternating windows
                                           hf_cases + "t5-tiny-v10",          // relative bias, cross-attention
                                           peer_cases + "marian-tiny-short"));  // sinusoids, cross-attention

TEST(CachedGeneration, BadInputIsRefusedWithAMessage) {
  const core::Model llama = core::load_model(hf_cases + "llama-tiny-gqa");
  const std::vector<int> none;
  EXPECT_THAT([&] { core::CachedGreedyDecoder(llama, none, {1, 1 << 30}, {}, 4); },
              ::testing::ThrowsMessage<core::InputError>(HasSubstr("outside the model's token table")));
  EXPECT_THAT([&] { core::CachedGreedyDecoder(llama, none, std::vector<int>{}, {}, 4); },
              ::testing::ThrowsMessage<core::InputError>(HasSubstr("generation needs a start token or a prompt")));
  const core::Model bert = core::load_model(peer_cases + "bert-tiny-short");
  const std::vector<int> source = {2, 7};
  EXPECT_THAT([&] { core::CachedGreedyDecoder(bert, source, {2}, {}, 4); },
              ::testing::ThrowsMessage<core::InputError>(HasSubstr("cannot generate")));
  core::ForwardOptions tiny_budget;
  tiny_budget.memory_budget = 1024;
  core::CachedGreedyDecoder refused(llama, none, {1, 349, 558}, tiny_budget, 4);
  EXPECT_THAT([&] { refused.step(); },
              ::testing::ThrowsMessage<core::MemoryBudgetError>(HasSubstr("but the memory budget is 1.0 KiB")));
}

}  // namespace
