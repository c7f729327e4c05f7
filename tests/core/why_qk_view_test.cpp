// The q·k view (core/analysis/why/qk_view.h) against a float64 reference written here from the
// layer's recorded input rows and its weights: q = W^q a + b^q, k = W^k a + b^k, the rotary
// rotation (plain RoPE, partial rotary_dim included), T5's bucketed bias and ALiBi's slope as
// their own terms, Gemma 2's soft cap, the causal mask and sliding window, then the softmax. Every
// kind, layer, head and query of tiny checkpoints of several families (GQA, MQA, rotary, T5,
// ALiBi, soft cap), so a wrong head, key/value head, rotation or bias shows.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>

#include "analysis/methods/recorded_pass.h"
#include "analysis/why/qk_view.h"
#include "families/load_model.h"
#include "methods_reference.h"
#include "tensor/errors.h"

namespace {

namespace fs = std::filesystem;
using test::Grid;

const fs::path data = ATTNSCOPE_TEST_DATA;

// HF's _relative_position_bucket, in doubles.
int t5_bucket(int relative, const core::RelativeBiasSpec& spec) {
  int buckets = spec.buckets;
  int bucket = 0;
  int n = 0;
  if (spec.bidirectional) {
    buckets /= 2;
    if (relative > 0) bucket += buckets;
    n = std::abs(relative);
  } else {
    n = std::max(-relative, 0);
  }
  const int max_exact = buckets / 2;
  if (n < max_exact) return bucket + n;
  const int large = max_exact + static_cast<int>(std::log(static_cast<double>(n) / max_exact) /
                                                 std::log(static_cast<double>(spec.max_distance) / max_exact) *
                                                 (buckets - max_exact));
  return bucket + std::min(large, buckets - 1);
}

// rows · Wᵀ + b, in doubles: (T, out)
Grid project(const Grid& rows, const core::LinearWeights& w) {
  const Grid weight = test::to_grid(w.weight.to_f32());
  Grid out(rows.size(), std::vector<double>(weight.size(), 0.0));
  for (std::size_t t = 0; t < rows.size(); ++t) {
    for (std::size_t r = 0; r < weight.size(); ++r) {
      double sum = w.bias.empty() ? 0.0 : w.bias.data[r];
      for (std::size_t c = 0; c < rows[t].size(); ++c) sum += weight[r][c] * rows[t][c];
      out[t][r] = sum;
    }
  }
  return out;
}

// The rotate-half rotation of one head's vector x at position p: pairs (i, i + r/2), angle p·θ^(−2i/r).
std::vector<double> rotate(std::vector<double> x, int position, const core::RotarySpec& rotary) {
  const int r = rotary.rotary_dim;
  const std::vector<double> original = x;
  for (int i = 0; i < r / 2; ++i) {
    const double angle = position * std::pow(static_cast<double>(rotary.theta), -2.0 * i / r);
    x[static_cast<std::size_t>(i)] = original[static_cast<std::size_t>(i)] * std::cos(angle) -
                                     original[static_cast<std::size_t>(i + r / 2)] * std::sin(angle);
    x[static_cast<std::size_t>(i + r / 2)] = original[static_cast<std::size_t>(i + r / 2)] * std::cos(angle) +
                                             original[static_cast<std::size_t>(i)] * std::sin(angle);
  }
  return x;
}

std::vector<double> head_slice(const std::vector<double>& row, int head, int d_h) {
  return {row.begin() + head * d_h, row.begin() + (head + 1) * d_h};
}

double near_tolerance(double want) { return 2e-4 * (1.0 + std::abs(want)); }

void expect_view_matches_reference(const core::Model& model, const std::vector<int>& source,
                                   const std::vector<int>& target) {
  int views = 0;
  bool saw_rotation = false;
  bool saw_bias = false;
  for (const core::AttentionKind kind : core::model_attention_kinds(model.spec())) {
    for (int l = 0; l < model.spec().layers(kind); ++l) {
      core::ForwardOptions options;
      options.record = {{kind, l}};
      const core::ForwardResult pass = core::forward(model, source, target, options);
      const core::AttentionSpec& spec = model.spec().attention(kind, l);
      const core::AttentionWeights& w = test::reference_attention_weights(model, kind, l);
      const Grid q_rows = project(test::to_grid(*pass.record.find(kind, l, "attn_in_q")), w.w_q);
      const Grid k_rows = project(test::to_grid(*pass.record.find(kind, l, "attn_in_kv")), w.w_k);
      const bool rotary = spec.positions == core::ScorePositions::Rotary;
      const bool relative = spec.positions == core::ScorePositions::RelativeBias && !w.relative_bias.empty();
      const bool alibi = spec.positions == core::ScorePositions::Alibi;
      const Grid table = relative ? test::to_grid(w.relative_bias.to_f32()) : Grid{};
      const int d_h = spec.head_dim;
      for (int h = 0; h < spec.heads; ++h) {
        const int g = h / (spec.heads / spec.kv_heads);
        // ALiBi's m_h (BLOOM): with c the largest power of two ≤ n, 2^(−8(h+1)/c) for h < c, then
        // every other slope of 2c heads: 2^(−8(2(h−c)+1)/(2c))
        int c = 1;
        while (2 * c <= spec.heads) c *= 2;
        const double slope = h < c ? std::pow(2.0, -8.0 * (h + 1) / c) : std::pow(2.0, -8.0 * (2 * (h - c) + 1) / (2 * c));
        for (std::size_t i = 0; i < q_rows.size(); ++i) {
          SCOPED_TRACE(std::string(core::to_string(kind)) + " layer " + std::to_string(l) + " head " +
                       std::to_string(h) + " query " + std::to_string(i));
          const core::QkView view = core::qk_view(model, pass, {{kind, l, h}, static_cast<int>(i)});
          ASSERT_EQ(view.kv_head, g);
          ASSERT_EQ(view.keys(), static_cast<int>(k_rows.size()));
          ASSERT_EQ(view.rotary(), rotary);
          ASSERT_EQ(view.position_bias.size() > 0, relative || alibi);
          const std::vector<double> q = head_slice(q_rows[i], h, d_h);
          for (int d = 0; d < d_h; ++d) ASSERT_NEAR(view.q(d), q[static_cast<std::size_t>(d)], near_tolerance(q[static_cast<std::size_t>(d)]));
          std::vector<double> alpha(k_rows.size());
          for (std::size_t j = 0; j < k_rows.size(); ++j) {
            const std::vector<double> k = head_slice(k_rows[j], g, d_h);
            // queries and keys of a whole-sequence pass sit at their row numbers
            const std::vector<double> q_r = rotary ? rotate(q, static_cast<int>(i), spec.rotary) : q;
            const std::vector<double> k_r = rotary ? rotate(k, static_cast<int>(j), spec.rotary) : k;
            double content = 0.0;
            double unrotated = 0.0;
            for (int d = 0; d < d_h; ++d) {
              const std::size_t e = static_cast<std::size_t>(d);
              ASSERT_NEAR(view.k(static_cast<Eigen::Index>(j), d), k[e], near_tolerance(k[e]));
              ASSERT_NEAR(view.products(static_cast<Eigen::Index>(j), d), q_r[e] * k_r[e], near_tolerance(q_r[e] * k_r[e]));
              content += q_r[e] * k_r[e] * spec.scale;
              unrotated += q[e] * k[e] * spec.scale;
            }
            EXPECT_NEAR(view.content(static_cast<Eigen::Index>(j)), content, near_tolerance(content));
            if (rotary) {
              EXPECT_NEAR(view.content_unrotated(static_cast<Eigen::Index>(j)), unrotated, near_tolerance(unrotated));
              saw_rotation = saw_rotation || std::abs(content - unrotated) > 1e-3;
            }
            double score = content;
            if (spec.soft_cap > 0.0f) {
              score = spec.soft_cap * std::tanh(content / spec.soft_cap);
              EXPECT_NEAR(view.capped(static_cast<Eigen::Index>(j)), score, near_tolerance(score));
            }
            double bias = 0.0;
            if (relative) {
              bias = table[static_cast<std::size_t>(t5_bucket(static_cast<int>(j) - static_cast<int>(i), spec.relative))]
                          [static_cast<std::size_t>(h)];
            }
            if (alibi) bias = slope * static_cast<double>(j);
            if (relative || alibi) {
              EXPECT_NEAR(view.position_bias(static_cast<Eigen::Index>(j)), bias, near_tolerance(bias));
              saw_bias = saw_bias || bias != 0.0;
            }
            const bool hidden = (spec.mask == core::MaskKind::Causal && j > i) ||
                                (spec.window > 0 && static_cast<long>(j) <= static_cast<long>(i) - spec.window);
            alpha[j] = hidden ? -std::numeric_limits<double>::infinity() : score + bias;
            ASSERT_EQ(view.masked[j], hidden);
            if (!hidden) {
              EXPECT_NEAR(view.alpha(static_cast<Eigen::Index>(j)), alpha[j], near_tolerance(alpha[j]));
            }
          }
          // α̂ = softmax(α), in doubles
          double top = -std::numeric_limits<double>::infinity();
          for (const double a : alpha) top = std::max(top, a);
          double total = 0.0;
          for (const double a : alpha) total += std::exp(a - top);
          for (std::size_t j = 0; j < alpha.size(); ++j) {
            EXPECT_NEAR(view.alpha_hat(static_cast<Eigen::Index>(j)), std::exp(alpha[j] - top) / total, 2e-5);
          }
          // and the view's α̂ is the pass's own
          const core::RowMatrix pass_alpha_hat = pass.trace.attention(kind, l, h);
          for (std::size_t j = 0; j < alpha.size(); ++j) {
            EXPECT_EQ(view.alpha_hat(static_cast<Eigen::Index>(j)), pass_alpha_hat(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
          }
          ++views;
        }
      }
    }
  }
  EXPECT_GT(views, 0);
  const core::AttentionSpec& first = model.spec().attention(core::model_attention_kinds(model.spec()).front(), 0);
  if (first.positions == core::ScorePositions::Rotary) {
    EXPECT_TRUE(saw_rotation) << "the rotation never changed a score";
  }
  if (first.positions == core::ScorePositions::RelativeBias || first.positions == core::ScorePositions::Alibi) {
    EXPECT_TRUE(saw_bias) << "the position term was always 0";
  }
}

class QkViewCase : public ::testing::TestWithParam<const char*> {};

TEST_P(QkViewCase, MatchesTheFloat64Reference) {
  const fs::path folder = data / GetParam();
  const core::Model model = core::load_model(folder);
  const test::CaseIds ids = test::case_ids(folder);
  expect_view_matches_reference(model, ids.source, ids.target);
}

INSTANTIATE_TEST_SUITE_P(Families, QkViewCase,
                         ::testing::Values("hf-cases/llama-tiny-gqa", "hf-cases/llama-tiny-mqa", "hf-cases/t5-tiny-gated",
                                           "hf-cases/bloom-tiny-alibi6", "hf-cases/gemma2-tiny-softcap",
                                           "hf-cases/gpt-neox-tiny-parallel", "hf-cases/roberta-tiny-mlm",
                                           "hf-cases/mistral-tiny-swa", "peer/marian-tiny-short"));

TEST(QkView, WithoutPositionalEncodingTheFirstLayerScoresAreTheUnrotatedOnes) {
  const fs::path folder = data / "hf-cases/llama-tiny-gqa";
  const core::Model model = core::load_model(folder);
  const test::CaseIds ids = test::case_ids(folder);
  const core::QkRequest request{{core::AttentionKind::DecoderSelf, 0, 3}, static_cast<int>(ids.target.size()) - 1};
  const core::QkView with = core::compute_qk_view(model, ids.source, ids.target, request);
  core::ForwardOptions no_pe;
  no_pe.positional_encoding = false;
  const core::QkView without = core::compute_qk_view(model, ids.source, ids.target, request, no_pe);
  ASSERT_TRUE(with.rotary());
  EXPECT_FALSE(without.rotary());
  EXPECT_FALSE(without.positional_encoding);
  // layer 0 reads the embeddings, the same with and without PE: only the rotation differs
  for (int j = 0; j < with.keys(); ++j) EXPECT_NEAR(without.content(j), with.content_unrotated(j), 1e-5) << "key " << j;
}

TEST(QkView, T5WithoutPositionalEncodingHasNoBiasTerm) {
  const fs::path folder = data / "hf-cases/t5-tiny-gated";
  const core::Model model = core::load_model(folder);
  const test::CaseIds ids = test::case_ids(folder);
  core::ForwardOptions no_pe;
  no_pe.positional_encoding = false;
  const core::QkView view =
      core::compute_qk_view(model, ids.source, ids.target, {{core::AttentionKind::EncoderSelf, 0, 1}, 0}, no_pe);
  EXPECT_EQ(view.position_bias.size(), 0);
  for (int j = 0; j < view.keys(); ++j) EXPECT_FLOAT_EQ(view.alpha(j), view.content(j)) << "key " << j;
}

TEST(QkView, NamesWhatDoesNotExist) {
  const fs::path folder = data / "hf-cases/llama-tiny-gqa";
  const core::Model model = core::load_model(folder);
  const test::CaseIds ids = test::case_ids(folder);
  const auto message = [&](const core::QkRequest& request) {
    try {
      core::compute_qk_view(model, ids.source, ids.target, request);
    } catch (const core::InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({{core::AttentionKind::DecoderSelf, 7, 0}, 0}),
            "decoder_self layer 7 does not exist: the model has 2 (layers count from 0)");
  EXPECT_EQ(message({{core::AttentionKind::DecoderSelf, 1, 4}, 0}),
            "decoder_self layer 1 head 4 does not exist: the layer has 4 heads (heads count from 0)");
  EXPECT_EQ(message({{core::AttentionKind::EncoderSelf, 0, 0}, 0}), "the model has no encoder_self attention");
  EXPECT_EQ(message({{core::AttentionKind::DecoderSelf, 0, 0}, 99}),
            "decoder_self layer 0 query 99 does not exist: the input has " + std::to_string(ids.target.size()) +
                " queries (positions count from 0)");
}

}  // namespace
