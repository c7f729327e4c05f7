// Attention on demand (model/trace.h): a pass that keeps each layer's Q and K instead of every α̂
// gives, for every head of every kind, the same α̂ as a dense pass, on every family whose score
// terms differ (plain encoder, rotary + grouped-query, T5's relative bias with cross-attention,
// sinusoidal encoder-decoder cross-attention, ALiBi, Gemma 2's soft cap, a sliding window), and
// the analyses and estimates that read the trace work on both kinds.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/head_analysis.h"
#include "analysis/reading/read_report.h"
#include "families/load_model.h"
#include "model/memory_estimate.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "model/trace_selection.h"
#include "model/transformer.h"
#include "nn/attention_rows.h"
#include "tensor/errors.h"
#include "test_support.h"

namespace {

using ::testing::HasSubstr;

const std::string hf_cases = std::string(ATTNSCOPE_TEST_DATA) + "/hf-cases/";
const std::string peer_cases = std::string(ATTNSCOPE_TEST_DATA) + "/peer/";

constexpr core::AttentionKind all_kinds[] = {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf,
                                             core::AttentionKind::DecoderCross};

// 12 source and 9 target ids that every fixture's table has (longer than the sliding window of 5).
const std::vector<int> source_ids = {4, 9, 15, 22, 31, 8, 17, 26, 5, 11, 40, 3};
const std::vector<int> target_ids = {1, 7, 13, 19, 25, 6, 12, 18, 24};

core::ForwardOptions with(core::AttentionStorage storage, bool positional_encoding = true) {
  core::ForwardOptions options;
  options.attention = storage;
  options.positional_encoding = positional_encoding;
  return options;
}

class AttentionOnDemand : public ::testing::TestWithParam<std::string> {};

// Every head of every kind equals the dense trace's, bit for bit; the pass's outputs are unchanged.
void expect_same_attention(const core::Model& model, bool positional_encoding) {
  const core::ForwardResult dense =
      core::forward(model, source_ids, target_ids, with(core::AttentionStorage::Dense, positional_encoding));
  const core::ForwardResult on_demand =
      core::forward(model, source_ids, target_ids, with(core::AttentionStorage::OnDemand, positional_encoding));
  ASSERT_TRUE(dense.trace.is_dense());
  ASSERT_FALSE(on_demand.trace.is_dense());
  EXPECT_TRUE(on_demand.trace.decoder_self.empty() && on_demand.trace.encoder_self.empty())
      << "an on-demand trace stores no α̂";
  int heads_compared = 0;
  for (const core::AttentionKind kind : all_kinds) {
    ASSERT_EQ(on_demand.trace.layer_count(kind), dense.trace.layer_count(kind)) << core::to_string(kind);
    for (int l = 0; l < dense.trace.layer_count(kind); ++l) {
      ASSERT_EQ(on_demand.trace.head_count(kind, l), dense.trace.head_count(kind, l));
      EXPECT_EQ(on_demand.trace.query_count(kind, l), dense.trace.query_count(kind, l));
      EXPECT_EQ(on_demand.trace.key_count(kind, l), dense.trace.key_count(kind, l));
      for (int h = 0; h < dense.trace.head_count(kind, l); ++h) {
        SCOPED_TRACE(std::string(core::to_string(kind)) + " layer " + std::to_string(l) + " head " + std::to_string(h));
        const core::RowMatrix want = dense.trace.layers(kind)[static_cast<std::size_t>(l)].heads[static_cast<std::size_t>(h)];
        expect_matrix_near(on_demand.trace.attention(kind, l, h), want, 0.0);
        expect_matrix_near(dense.trace.attention(kind, l, h), want, 0.0);
        ++heads_compared;
      }
    }
  }
  EXPECT_GT(heads_compared, 0);
  EXPECT_EQ(on_demand.last_logits, dense.last_logits);
  EXPECT_EQ(on_demand.encoder_output, dense.encoder_output);
  EXPECT_EQ(on_demand.decoder_output, dense.decoder_output);
}

TEST_P(AttentionOnDemand, EveryHeadEqualsTheDenseTrace) {
  const core::Model model = core::load_model(GetParam());
  expect_same_attention(model, true);
}

TEST_P(AttentionOnDemand, EveryHeadEqualsTheDenseTraceWithoutPositionalEncoding) {
  const core::Model model = core::load_model(GetParam());
  expect_same_attention(model, false);
}

INSTANTIATE_TEST_SUITE_P(Families, AttentionOnDemand,
                         ::testing::Values(peer_cases + "bert-tiny-short",     // encoder, learned positions
                                           hf_cases + "llama-tiny-gqa",        // rotary, grouped-query
                                           hf_cases + "t5-tiny-v10",           // relative bias, cross-attention
                                           peer_cases + "marian-tiny-short",   // sinusoidal, cross-attention
                                           hf_cases + "bloom-tiny-alibi6",     // ALiBi, 6 heads
                                           hf_cases + "gemma2-tiny-softcap",   // soft cap
                                           hf_cases + "mistral-tiny-swa"));    // sliding window

TEST(AttentionOnDemand, AutoKeepsDenseUpToTheLimitAndOnDemandAbove) {
  const core::Model model = core::load_model(hf_cases + "llama-tiny-gqa");
  core::ForwardOptions options;
  ASSERT_EQ(options.attention, core::AttentionStorage::Auto);
  const std::size_t dense_bytes = core::dense_attention_bytes(model.spec(), 0, target_ids.size());
  // 4 · H · T² per layer
  EXPECT_EQ(dense_bytes, static_cast<std::size_t>(model.spec().decoder_layers() * model.spec().heads()) *
                             target_ids.size() * target_ids.size() * sizeof(float));
  options.dense_attention_limit = dense_bytes;
  EXPECT_TRUE(core::forward(model, {}, target_ids, options).trace.is_dense());
  options.dense_attention_limit = dense_bytes - 1;
  EXPECT_FALSE(core::forward(model, {}, target_ids, options).trace.is_dense());
}

TEST(AttentionOnDemand, TheEstimateCountsQAndKExactly) {
  for (const std::string& folder : {hf_cases + "llama-tiny-gqa", hf_cases + "t5-tiny-v10"}) {
    SCOPED_TRACE(folder);
    const core::Model model = core::load_model(folder);
    for (const core::AttentionStorage storage : {core::AttentionStorage::Dense, core::AttentionStorage::OnDemand}) {
      const core::ForwardOptions options = with(storage);
      const core::MemoryEstimate estimate =
          core::estimate_forward_memory(model.spec(), source_ids.size(), target_ids.size(), options);
      EXPECT_EQ(estimate.dense_attention, storage == core::AttentionStorage::Dense);
      EXPECT_EQ(estimate.trace, core::forward(model, source_ids, target_ids, options).trace.bytes());
    }
  }
}

TEST(AttentionOnDemand, ALongPassOfALargeModelFitsOnlyOnDemand) {
  // Llama-3.2-1B's shape at 4,096 tokens: a dense trace is 16 · 32 · 4096² · 4 bytes = 32 GiB;
  // on demand Q and K are 16 · 4096 · (2048 + 512) · 4 bytes = 640 MiB.
  core::ModelSpec spec = core::load_model(hf_cases + "llama-tiny-gqa").spec();
  spec.d_model = 2048;
  for (core::BlockSpec& block : spec.decoder.blocks) {
    block.self_attention.heads = 32;
    block.self_attention.kv_heads = 8;
    block.self_attention.head_dim = 64;
    block.feed_forward.d_ff = 8192;
  }
  spec.decoder.blocks.resize(16, spec.decoder.blocks.front());
  spec.target_vocab_size = 128256;
  core::ForwardOptions options;
  const std::size_t gib = std::size_t{1} << 30;
  const core::MemoryEstimate estimate = core::estimate_forward_memory(spec, 0, 4096, options);
  EXPECT_FALSE(estimate.dense_attention) << "auto: over the 1 GiB dense limit";
  EXPECT_EQ(estimate.trace, std::size_t{16} * 4096 * (2048 + 512) * sizeof(float));
  EXPECT_LT(estimate.total(), 2 * gib);
  options.attention = core::AttentionStorage::Dense;
  EXPECT_EQ(core::estimate_forward_memory(spec, 0, 4096, options).trace, 32 * gib);
}

TEST(AttentionOnDemand, AHeadOrLayerTheTraceLacksIsNamed) {
  const core::Model model = core::load_model(hf_cases + "llama-tiny-gqa");
  for (const core::AttentionStorage storage : {core::AttentionStorage::Dense, core::AttentionStorage::OnDemand}) {
    const core::ForwardResult result = core::forward(model, {}, target_ids, with(storage));
    const int heads = model.spec().heads();
    EXPECT_THAT([&] { (void)result.trace.attention(core::AttentionKind::DecoderSelf, 0, heads); },
                ::testing::ThrowsMessage<core::InputError>(HasSubstr(
                    "the trace has no head " + std::to_string(heads) + " in decoder_self layer 0; it has heads 0..")));
    EXPECT_THAT([&] { (void)result.trace.attention(core::AttentionKind::DecoderSelf, 99, 0); },
                ::testing::ThrowsMessage<core::InputError>(HasSubstr("the trace has no decoder_self layer 99; it has layers 0..")));
    EXPECT_THAT([&] { (void)result.trace.attention(core::AttentionKind::EncoderSelf, 0, 0); },
                ::testing::ThrowsMessage<core::InputError>(HasSubstr("no encoder_self layer 0: it has no such attention")));
  }
}

TEST(AttentionOnDemand, HeadMetricsStreamOverHeadsWithTheDenseNumbers) {
  const core::Model model = core::load_model(hf_cases + "t5-tiny-v10");
  core::Tokenization source;
  source.ids = source_ids;
  source.tokens.assign(source_ids.size(), "x");
  core::Tokenization target;
  target.ids = target_ids;
  target.tokens.assign(target_ids.size(), "y");
  const core::HeadReport dense = core::analyze_trace(
      core::forward(model, source_ids, target_ids, with(core::AttentionStorage::Dense)).trace, source, target);
  const core::HeadReport streamed = core::analyze_trace(
      core::forward(model, source_ids, target_ids, with(core::AttentionStorage::OnDemand)).trace, source, target);
  ASSERT_EQ(streamed.kinds.size(), 3u);
  ASSERT_EQ(streamed.kinds.size(), dense.kinds.size());
  for (std::size_t k = 0; k < dense.kinds.size(); ++k) {
    ASSERT_EQ(streamed.kinds[k].metrics.size(), dense.kinds[k].metrics.size());
    EXPECT_EQ(streamed.kinds[k].js_distance.size(), 0) << "the pairwise map is not computed on demand";
    EXPECT_GT(dense.kinds[k].js_distance.size(), 0);
    for (std::size_t h = 0; h < dense.kinds[k].metrics.size(); ++h) {
      EXPECT_EQ(streamed.kinds[k].metrics[h].entropy, dense.kinds[k].metrics[h].entropy);
      EXPECT_EQ(streamed.kinds[k].metrics[h].sink, dense.kinds[k].metrics[h].sink);
      EXPECT_EQ(streamed.kinds[k].metrics[h].mean_distance, dense.kinds[k].metrics[h].mean_distance);
    }
  }
}

// heads --words on a long text (α̂ on demand, forced here by a dense limit of one byte): every head
// is read into words and measured one at a time, never as a read copy of the whole trace, with the
// numbers of the dense path's read copy; read as words, with the special tokens hidden, and one
// text of a pair (A → B).
TEST(AttentionOnDemand, ReadHeadMetricsStreamOverHeadsWithTheDenseNumbers) {
  const core::Model model = core::load_model(peer_cases + "bert-tiny-short");
  core::ForwardOptions dense_options = with(core::AttentionStorage::Dense);
  core::ForwardOptions lazy_options;
  lazy_options.attention = core::AttentionStorage::Auto;
  lazy_options.dense_attention_limit = 1;
  struct Case {
    const char* name;
    bool pair;
    core::ReadingOptions reading;
  };
  core::ReadingOptions words;
  words.words = true;
  core::ReadingOptions words_hidden = words;
  words_hidden.hide_special = true;
  core::ReadingOptions pair_filter = words;
  pair_filter.query_segment = 0;
  pair_filter.key_segment = 1;
  for (const Case& c : {Case{"words", false, words}, Case{"words, special hidden", false, words_hidden},
                        Case{"words of a pair, A → B", true, pair_filter}}) {
    SCOPED_TRACE(c.name);
    const core::ModelInput input =
        c.pair ? core::prepare_pair_inputs(model, "unbelievable attention", "transformers everywhere", "", dense_options)
               : core::prepare_inputs(model, "unbelievable attention transformers everywhere", "", dense_options);
    dense_options.token_types = core::token_types_for(model, input.source);
    lazy_options.token_types = dense_options.token_types;
    const core::AttentionTrace dense = core::forward(model, input.source.ids, {}, dense_options).trace;
    const core::AttentionTrace lazy = core::forward(model, input.source.ids, {}, lazy_options).trace;
    ASSERT_TRUE(dense.is_dense());
    ASSERT_FALSE(lazy.is_dense()) << "the limit forces α̂ on demand";
    const core::HeadReport want = core::analyze_read_trace(dense, input.source, input.target, c.reading);
    const core::HeadReport got = core::analyze_read_trace(lazy, input.source, input.target, c.reading);
    // the words are fewer than the tokens, so the numbers are the words' (entropy over fewer keys)
    const core::HeadReport tokens = core::analyze_trace(dense, input.source, input.target);
    ASSERT_EQ(got.kinds.size(), 1u);
    ASSERT_EQ(want.kinds.size(), 1u);
    const core::KindHeads& g = got.kinds[0];
    const core::KindHeads& w = want.kinds[0];
    ASSERT_EQ(g.metrics.size(), w.metrics.size());
    ASSERT_EQ(g.layers, w.layers);
    ASSERT_EQ(g.heads, w.heads);
    EXPECT_EQ(g.js_distance.size(), 0) << "the pairwise map is not computed on demand";
    for (std::size_t h = 0; h < w.metrics.size(); ++h) {
      SCOPED_TRACE("head " + std::to_string(h));
      EXPECT_EQ(g.metrics[h].entropy, w.metrics[h].entropy);
      EXPECT_EQ(g.metrics[h].entropy_normalized, w.metrics[h].entropy_normalized);
      EXPECT_EQ(g.metrics[h].mean_distance, w.metrics[h].mean_distance);
      EXPECT_EQ(g.metrics[h].local_mass, w.metrics[h].local_mass);
      EXPECT_EQ(g.metrics[h].previous_token, w.metrics[h].previous_token);
      EXPECT_EQ(g.metrics[h].next_token, w.metrics[h].next_token);
      EXPECT_EQ(g.metrics[h].sink, w.metrics[h].sink);
      EXPECT_EQ(g.metrics[h].sink_special, w.metrics[h].sink_special);
      EXPECT_EQ(g.metrics[h].confidence, w.metrics[h].confidence);
      EXPECT_NE(g.metrics[h].entropy, tokens.kinds[0].metrics[h].entropy) << "measured over words, not tokens";
    }
  }
}

TEST(AttentionOnDemand, SelectingHeadsComputesThoseOnly) {
  const core::Model model = core::load_model(peer_cases + "marian-tiny-short");
  const core::AttentionTrace dense = core::forward(model, source_ids, target_ids, with(core::AttentionStorage::Dense)).trace;
  const core::AttentionTrace lazy = core::forward(model, source_ids, target_ids, with(core::AttentionStorage::OnDemand)).trace;
  const core::TraceSelection selection{{1}, {3, 0}};
  const core::AttentionTrace from_dense = core::select_trace(dense, selection);
  const core::AttentionTrace from_lazy = core::select_trace(lazy, selection);
  ASSERT_TRUE(from_lazy.is_dense());
  for (const core::AttentionKind kind : all_kinds) {
    ASSERT_EQ(from_lazy.layer_count(kind), 1);
    ASSERT_EQ(from_lazy.head_count(kind, 0), 2);
    for (int h = 0; h < 2; ++h) {
      expect_matrix_near(from_lazy.attention(kind, 0, h), from_dense.attention(kind, 0, h), 0.0);
    }
    expect_matrix_near(from_lazy.attention(kind, 0, 0), dense.attention(kind, 1, 3), 0.0);
  }
}

// Past 64 tokens an on-demand pass computes each head's output, and the trace recomputes its α̂, in
// blocks of 64 query rows, each over only the keys its rows may see (causal); the metrics are
// measured block by block. The outputs, every α̂ and every per-head metric still equal the dense
// pass's, bit for bit, on causal (rotary, sliding window, soft cap, ALiBi)
// and bidirectional (T5's encoder and cross-attention) layers, with a last block of 76 rows.
class LongOnDemand : public ::testing::TestWithParam<std::string> {};

std::vector<int> long_ids(int count, int first) {
  std::vector<int> ids;
  for (int i = 0; i < count; ++i) ids.push_back(first + (i * 7) % 97);
  return ids;
}

TEST_P(LongOnDemand, BlocksOfQueryRowsGiveTheDenseAttentionAndMetrics) {
  const core::Model model = core::load_model(GetParam());
  const bool encoder_decoder = model.spec().has_encoder() && model.spec().has_decoder();
  const int length = model.spec().max_positions > 0 ? std::min(140, model.spec().max_positions) : 140;
  const std::vector<int> source = model.spec().has_encoder() ? long_ids(length, 3) : std::vector<int>{};
  const std::vector<int> target = model.spec().has_decoder() ? long_ids(encoder_decoder ? 131 : length, 5) : std::vector<int>{};
  const core::ForwardResult dense_pass = core::forward(model, source, target, with(core::AttentionStorage::Dense));
  const core::ForwardResult lazy_pass = core::forward(model, source, target, with(core::AttentionStorage::OnDemand));
  // the on-demand pass computes each head's output block by block too: the same bits come out
  EXPECT_EQ(lazy_pass.last_logits, dense_pass.last_logits);
  EXPECT_EQ(lazy_pass.encoder_output, dense_pass.encoder_output);
  EXPECT_EQ(lazy_pass.decoder_output, dense_pass.decoder_output);
  const core::AttentionTrace& dense = dense_pass.trace;
  const core::AttentionTrace& lazy = lazy_pass.trace;
  ASSERT_FALSE(lazy.is_dense());
  const std::vector<int> sinks = {0, 5};
  int heads_compared = 0;
  for (const core::AttentionKind kind : all_kinds) {
    ASSERT_EQ(lazy.layer_count(kind), dense.layer_count(kind));
    for (int l = 0; l < dense.layer_count(kind); ++l) {
      ASSERT_GT(lazy.query_count(kind, l), 64) << "the input must span more than one block";
      for (int h = 0; h < dense.head_count(kind, l); ++h) {
        SCOPED_TRACE(std::string(core::to_string(kind)) + " layer " + std::to_string(l) + " head " + std::to_string(h));
        expect_matrix_near(lazy.attention(kind, l, h), *dense.stored(kind, l, h), 0.0);
        ++heads_compared;
      }
    }
    const std::vector<core::HeadMetrics> streamed = core::measure_heads(lazy, kind, sinks);
    const std::vector<core::HeadMetrics> stored = core::measure_heads(dense, kind, sinks);
    ASSERT_EQ(streamed.size(), stored.size());
    for (std::size_t h = 0; h < stored.size(); ++h) {
      SCOPED_TRACE(std::string(core::to_string(kind)) + " head " + std::to_string(h));
      EXPECT_EQ(streamed[h].entropy, stored[h].entropy);
      EXPECT_EQ(streamed[h].mean_distance, stored[h].mean_distance);
      EXPECT_EQ(streamed[h].mean_distance_normalized, stored[h].mean_distance_normalized);
      EXPECT_EQ(streamed[h].local_mass, stored[h].local_mass);
      EXPECT_EQ(streamed[h].previous_token, stored[h].previous_token);
      EXPECT_EQ(streamed[h].next_token, stored[h].next_token);
      EXPECT_EQ(streamed[h].sink, stored[h].sink);
      EXPECT_EQ(streamed[h].sink_special, stored[h].sink_special);
      EXPECT_EQ(streamed[h].confidence, stored[h].confidence);
      EXPECT_GT(stored[h].entropy, 0.0) << "a measured head";
    }
  }
  EXPECT_GT(heads_compared, 0);
}

INSTANTIATE_TEST_SUITE_P(Families, LongOnDemand,
                         ::testing::Values(hf_cases + "llama-tiny-gqa",       // rotary, grouped-query, causal
                                           hf_cases + "mistral-tiny-swa",     // sliding window
                                           hf_cases + "gemma2-tiny-softcap",  // soft cap
                                           hf_cases + "bloom-tiny-alibi6",    // ALiBi
                                           hf_cases + "t5-tiny-v10"));        // relative bias, cross-attention

TEST(LongOnDemandBlocks, BlocksAre64RowsWithTheRemainderInTheLast) {
  EXPECT_EQ(core::query_blocks(0), (std::vector<Eigen::Index>{0}));
  EXPECT_EQ(core::query_blocks(9), (std::vector<Eigen::Index>{0, 9}));
  EXPECT_EQ(core::query_blocks(64), (std::vector<Eigen::Index>{0, 64}));
  EXPECT_EQ(core::query_blocks(127), (std::vector<Eigen::Index>{0, 127}));
  EXPECT_EQ(core::query_blocks(128), (std::vector<Eigen::Index>{0, 64, 128}));
  EXPECT_EQ(core::query_blocks(140), (std::vector<Eigen::Index>{0, 64, 140}));
}

}  // namespace
