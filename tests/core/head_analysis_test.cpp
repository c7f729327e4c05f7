// Head specialisation metrics on heads built by hand, whose values follow from the formulas
// (docs/head-metrics.md), and rollout, clustering, induction and the corpus mean on models.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>

#include "families/load_model.h"
#include "nn/attention.h"
#include "tensor/errors.h"
#include "nn/feed_forward.h"
#include "analysis/head_analysis.h"
#include "random_model.h"
#include "test_support.h"

namespace {

using core::AttentionKind;
using core::HeadClass;
using core::RowMatrix;

constexpr int n = 8;

// Every query on the key before it (the first query on itself), bidirectional.
RowMatrix previous_token_head(int size) {
  RowMatrix a = RowMatrix::Zero(size, size);
  a(0, 0) = 1.0f;
  for (int i = 1; i < size; ++i) a(i, i - 1) = 1.0f;
  return a;
}

RowMatrix uniform_head(int size) { return RowMatrix::Constant(size, size, 1.0f / static_cast<float>(size)); }

RowMatrix first_token_head(int size) {
  RowMatrix a = RowMatrix::Zero(size, size);
  a.col(0).setOnes();
  return a;
}

RowMatrix causal_uniform_head(int size) {
  RowMatrix a = RowMatrix::Zero(size, size);
  for (int i = 0; i < size; ++i) a.row(i).head(i + 1).setConstant(1.0f / static_cast<float>(i + 1));
  return a;
}

// Uniform over i−1, i, i+1 (clipped at the ends): local, but neither positional nor global.
RowMatrix window_head(int size) {
  RowMatrix a = RowMatrix::Zero(size, size);
  for (int i = 0; i < size; ++i) {
    const int from = std::max(0, i - 1);
    const int to = std::min(size - 1, i + 1);
    a.row(i).segment(from, to - from + 1).setConstant(1.0f / static_cast<float>(to - from + 1));
  }
  return a;
}

double uniform_mean_distance(int size) {
  double total = 0.0;
  for (int i = 0; i < size; ++i) {
    for (int j = 0; j < size; ++j) total += std::abs(i - j) / static_cast<double>(size);
  }
  return total / size;
}

TEST(HeadAnalysis, PreviousTokenHead) {
  const core::HeadMetrics m = core::compute_head_metrics(previous_token_head(n), AttentionKind::EncoderSelf, {});
  EXPECT_NEAR(m.entropy, 0.0, 1e-9);
  EXPECT_NEAR(m.entropy_normalized, 0.0, 1e-9);
  // D_i = 1 for i ≥ 1, 0 for i = 0
  EXPECT_NEAR(*m.mean_distance, (n - 1.0) / n, 1e-9);
  EXPECT_NEAR(*m.mean_distance_normalized, ((n - 1.0) / n) / uniform_mean_distance(n), 1e-6);
  EXPECT_NEAR(*m.local_mass, 1.0, 1e-9);
  EXPECT_NEAR(*m.previous_token, 1.0, 1e-9);
  EXPECT_NEAR(*m.current_token, 1.0 / n, 1e-9);
  EXPECT_NEAR(*m.next_token, 0.0, 1e-9);
  EXPECT_NEAR(m.confidence, 1.0, 1e-9);
  EXPECT_FALSE(m.induction.has_value());
  EXPECT_EQ(core::classify_head(m), HeadClass::Positional);
}

TEST(HeadAnalysis, UniformHead) {
  const core::HeadMetrics m = core::compute_head_metrics(uniform_head(n), AttentionKind::EncoderSelf, std::vector<int>{0});
  EXPECT_NEAR(m.entropy, std::log(static_cast<double>(n)), 1e-5);
  EXPECT_NEAR(m.entropy_normalized, 1.0, 1e-6);
  EXPECT_NEAR(*m.mean_distance, uniform_mean_distance(n), 1e-5);
  EXPECT_NEAR(*m.mean_distance_normalized, 1.0, 1e-6);
  EXPECT_NEAR(*m.previous_token, 1.0 / n, 1e-6);
  EXPECT_NEAR(*m.current_token, 1.0 / n, 1e-6);
  EXPECT_NEAR(*m.next_token, 1.0 / n, 1e-6);
  EXPECT_NEAR(m.sink, 1.0 / n, 1e-6);
  EXPECT_NEAR(m.confidence, 1.0 / n, 1e-6);
  // |i − j| ≤ 2: rows 0 and n−1 see 3 keys, rows 1 and n−2 see 4, the others 5
  EXPECT_NEAR(*m.local_mass, (2 * 3 + 2 * 4 + (n - 4) * 5) / static_cast<double>(n * n), 1e-6);
  EXPECT_EQ(core::classify_head(m), HeadClass::Global);
}

TEST(HeadAnalysis, CausalUniformHeadNormalisesByLnOfIPlusOne) {
  const core::HeadMetrics m = core::compute_head_metrics(causal_uniform_head(n), AttentionKind::DecoderSelf, {});
  double entropy = 0.0;
  for (int i = 1; i < n; ++i) entropy += std::log(i + 1.0);
  EXPECT_NEAR(m.entropy, entropy / (n - 1), 1e-5);  // row 0 has one key and is skipped
  EXPECT_NEAR(m.entropy_normalized, 1.0, 1e-6);
  EXPECT_NEAR(*m.mean_distance_normalized, 1.0, 1e-6);
  EXPECT_NEAR(*m.next_token, 0.0, 1e-9);  // hidden by the mask
  EXPECT_EQ(core::classify_head(m), HeadClass::Global);
}

TEST(HeadAnalysis, FirstTokenHeadIsASink) {
  core::Tokenization tokens;
  tokens.tokens = {"[CLS]", "the", "cat", "sat", "on", "a", "mat", "[SEP]"};
  tokens.ids = {0, 1, 2, 3, 4, 5, 6, 7};
  const std::vector<int> sinks = core::sink_positions(tokens);
  EXPECT_EQ(sinks, (std::vector<int>{0, 7}));
  const core::HeadMetrics m = core::compute_head_metrics(first_token_head(n), AttentionKind::EncoderSelf, sinks);
  EXPECT_NEAR(m.sink, 1.0, 1e-9);
  EXPECT_NEAR(m.entropy, 0.0, 1e-9);
  EXPECT_NEAR(m.confidence, 1.0, 1e-9);
  EXPECT_NEAR(*m.mean_distance, (n - 1) / 2.0, 1e-9);  // Σ i / n
  EXPECT_EQ(core::classify_head(m), HeadClass::Sink);
  // the same head counted without sinks is no sink
  const core::HeadMetrics plain = core::compute_head_metrics(first_token_head(n), AttentionKind::EncoderSelf, {});
  EXPECT_NEAR(plain.sink, 0.0, 1e-9);
  EXPECT_NE(core::classify_head(plain), HeadClass::Sink);
}

TEST(HeadAnalysis, WindowHeadIsLocalAndThresholdsMoveIt) {
  const core::HeadMetrics m = core::compute_head_metrics(window_head(n), AttentionKind::EncoderSelf, {});
  EXPECT_NEAR(*m.local_mass, 1.0, 1e-6);
  EXPECT_EQ(core::classify_head(m), HeadClass::Local);
  core::HeadThresholds strict;
  strict.local = 1.01;
  EXPECT_EQ(core::classify_head(m, strict), HeadClass::Mixed);
  // w = 0 keeps only the query itself: one third of each inner row
  core::HeadMetricOptions narrow;
  narrow.local_window = 0;
  EXPECT_NEAR(*core::compute_head_metrics(window_head(n), AttentionKind::EncoderSelf, {}, narrow).local_mass,
              (2 * 0.5 + (n - 2) / 3.0) / n, 1e-6);
}

TEST(HeadAnalysis, CrossAttentionHasNoPositionMetrics) {
  const RowMatrix a = RowMatrix::Constant(3, 5, 0.2f);
  const core::HeadMetrics m = core::compute_head_metrics(a, AttentionKind::DecoderCross, std::vector<int>{0});
  EXPECT_FALSE(m.mean_distance.has_value());
  EXPECT_FALSE(m.local_mass.has_value());
  EXPECT_FALSE(m.previous_token.has_value());
  EXPECT_NEAR(m.entropy, std::log(5.0), 1e-5);
  EXPECT_NEAR(m.sink, 0.2, 1e-6);
  EXPECT_EQ(core::classify_head(m), HeadClass::Global);
}

TEST(HeadAnalysis, SpecialTokens) {
  for (const char* token : {"[CLS]", "[SEP]", "<s>", "</s>", "<pad>", "<|endoftext|>"}) EXPECT_TRUE(core::is_special_token(token)) << token;
  for (const char* token : {"<", "[]", "the", "##ing", "Ġthe", "a>"}) EXPECT_FALSE(core::is_special_token(token)) << token;
}

TEST(HeadAnalysis, JsDistance) {
  const RowMatrix a = previous_token_head(n);
  const RowMatrix b = uniform_head(n);
  EXPECT_NEAR(core::js_distance(a, a), 0.0, 1e-9);
  EXPECT_NEAR(core::js_distance(a, b), core::js_distance(b, a), 1e-12);
  EXPECT_GT(core::js_distance(a, b), 0.5);
  // disjoint one-hot rows: 1 bit per row
  EXPECT_NEAR(core::js_distance(RowMatrix::Identity(4, 4), first_token_head(4)), std::sqrt(3.0 / 4.0), 1e-6);
  EXPECT_THROW(core::js_distance(a, RowMatrix::Identity(3, 3)), std::invalid_argument);
}

// The textbook form, KL(P ‖ M) and KL(Q ‖ M) entry by entry in double, as the reference for the
// vectorised one (which subtracts precomputed Σ p log p sums).
double direct_js_distance(const RowMatrix& a, const RowMatrix& b) {
  double total = 0.0;
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    double js = 0.0;
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      const double p = a(i, j);
      const double q = b(i, j);
      const double m = 0.5 * (p + q);
      if (p > 0.0) js += 0.5 * p * std::log2(p / m);
      if (q > 0.0) js += 0.5 * q * std::log2(q / m);
    }
    total += std::max(0.0, js);
  }
  return std::sqrt(std::min(1.0, total / static_cast<double>(a.rows())));
}

TEST(HeadAnalysis, JsDistanceMatchesTheTextbookFormOnRandomHeads) {
  // Softmax rows of random scores, a third of them causally masked (exact zeros), some near-equal.
  std::mt19937 generator(7);
  std::normal_distribution<float> score(0.0f, 3.0f);
  for (const Eigen::Index t : {1, 5, 37, 130}) {
    const auto random_head = [&](bool causal) {
      RowMatrix scores(t, t);
      for (Eigen::Index i = 0; i < t; ++i) {
        for (Eigen::Index j = 0; j < t; ++j) {
          scores(i, j) = causal && j > i ? -std::numeric_limits<float>::infinity() : score(generator);
        }
      }
      core::softmax_rows(scores);
      return scores;
    };
    const RowMatrix a = random_head(false);
    const RowMatrix b = random_head(true);
    RowMatrix nearly_a = a;
    nearly_a(0, 0) *= 1.001f;
    for (const RowMatrix* other : std::initializer_list<const RowMatrix*>{&b, &nearly_a}) {
      SCOPED_TRACE(t);
      EXPECT_NEAR(core::js_distance(a, *other), direct_js_distance(a, *other), 1e-6);
    }
    EXPECT_EQ(core::js_distance(b, b), 0.0);
  }
}

TEST(HeadAnalysis, ClusterOrderPutsSimilarHeadsTogether) {
  // heads 0 and 2 alike, 1 and 3 alike
  RowMatrix d(4, 4);
  d << 0, 1, 0.1f, 1, 1, 0, 1, 0.1f, 0.1f, 1, 0, 1, 1, 0.1f, 1, 0;
  const std::vector<int> order = core::cluster_order(d);
  ASSERT_EQ(order.size(), 4u);
  const auto position = [&](int head) { return std::find(order.begin(), order.end(), head) - order.begin(); };
  EXPECT_EQ(std::abs(position(0) - position(2)), 1);
  EXPECT_EQ(std::abs(position(1) - position(3)), 1);
}

TEST(HeadAnalysis, RolloutOfIdentityIsIdentity) {
  std::vector<core::LayerAttention> layers(3);
  for (core::LayerAttention& layer : layers) layer.heads = {RowMatrix::Identity(5, 5), RowMatrix::Identity(5, 5)};
  for (const bool residual : {true, false}) {
    const std::vector<RowMatrix> rollout = core::attention_rollout(layers, residual);
    ASSERT_EQ(rollout.size(), 3u);
    for (const RowMatrix& r : rollout) expect_matrix_near(r, RowMatrix::Identity(5, 5), 1e-6);
  }
}

TEST(HeadAnalysis, RolloutMultipliesResidualMixedLayers) {
  std::vector<core::LayerAttention> layers(2);
  layers[0].heads = {first_token_head(3)};
  layers[1].heads = {uniform_head(3)};
  const RowMatrix a1 = 0.5f * first_token_head(3) + 0.5f * RowMatrix::Identity(3, 3);
  const RowMatrix a2 = 0.5f * uniform_head(3) + 0.5f * RowMatrix::Identity(3, 3);
  const std::vector<RowMatrix> rollout = core::attention_rollout(layers);
  expect_matrix_near(rollout[0], a1, 1e-6);
  expect_matrix_near(rollout[1], a2 * a1, 1e-6);
  for (Eigen::Index i = 0; i < 3; ++i) EXPECT_NEAR(rollout[1].row(i).sum(), 1.0, 1e-6);
}

// The GUI gives up a superseded analysis: stop_requested is polled while the work runs, and a
// request to stop ends it with core::Cancelled rather than a partial report.
TEST(HeadAnalysis, TraceAnalysisStopsWhenAsked) {
  const core::Model model = core::load_model(std::filesystem::path(ATTNSCOPE_MODELS) / "induction");
  const core::ModelInput input = core::prepare_inputs(model, "a b c d a b c d");
  const core::ForwardResult result = core::forward(model, input.source.ids, input.target.ids);
  int polls = 0;
  const core::HeadReport full = core::analyze_trace(result.trace, input.source, input.target, {}, [&] {
    ++polls;
    return false;
  });
  EXPECT_FALSE(full.kinds.empty());
  ASSERT_GT(polls, 2);
  int polls_left = polls / 2;
  EXPECT_THROW(core::analyze_trace(result.trace, input.source, input.target, {}, [&] { return --polls_left < 0; }),
               core::Cancelled);
}

TEST(HeadAnalysis, TraceReportAndInductionOnTheInductionModel) {
  const core::Model model = core::load_model(std::filesystem::path(ATTNSCOPE_MODELS) / "induction");
  const core::ModelInput input = core::prepare_inputs(model, "a b c d a b c d");
  const core::ForwardResult result = core::forward(model, input.source.ids, input.target.ids);
  core::HeadReport report = core::analyze_trace(result.trace, input.source, input.target);
  ASSERT_EQ(report.kinds.size(), 1u);
  const core::KindHeads& heads = report.kinds.front();
  EXPECT_EQ(heads.kind, AttentionKind::DecoderSelf);
  EXPECT_EQ(heads.metrics.size(), static_cast<std::size_t>(heads.layers * heads.heads));
  EXPECT_EQ(heads.js_distance.rows(), heads.layers * heads.heads);
  EXPECT_NEAR((heads.js_distance - heads.js_distance.transpose()).cwiseAbs().maxCoeff(), 0.0, 1e-7);
  EXPECT_NEAR(heads.js_distance.diagonal().cwiseAbs().maxCoeff(), 0.0, 1e-7);
  EXPECT_EQ(heads.js_order, core::cluster_order(heads.js_distance));  // clustered with the distances

  const std::vector<double> scores = core::induction_scores(model);
  ASSERT_EQ(scores.size(), heads.metrics.size());
  EXPECT_EQ(scores, core::induction_scores(model));  // deterministic
  core::add_induction_scores(report, scores);
  // The trained model has an induction head in layer 1, far above the uniform ≈ 1/(T+k+1).
  double best = 0.0;
  for (int h = 0; h < heads.heads; ++h) best = std::max(best, *report.find({AttentionKind::DecoderSelf, 1, h})->induction);
  EXPECT_GT(best, 0.5);
}

TEST(HeadAnalysis, CorpusMeanAndCancel) {
  test::TempFolder folder;
  const core::Model model = core::load_model(
      test::write_random_model(folder.path() / "m", test::small_config(core::Architecture::EncoderOnly)));
  const std::vector<std::string> lines = {"the cat sat", "", "a dog sat on the mat", "the mat"};
  const core::HeadReport report = core::analyze_corpus(model, lines);
  EXPECT_EQ(report.inputs, 3);
  EXPECT_EQ(report.skipped, 1);
  // the mean equals the mean of the three single reports
  double entropy = 0.0;
  for (const std::string& line : {lines[0], lines[2], lines[3]}) {
    const core::ModelInput input = core::prepare_inputs(model, line);
    const core::ForwardResult result = core::forward(model, input.source.ids, input.target.ids);
    entropy += core::analyze_trace(result.trace, input.source, input.target).kinds[0].metrics[5].entropy / 3.0;
  }
  EXPECT_NEAR(report.kinds[0].metrics[5].entropy, entropy, 1e-9);
  // the mean's distances, clustered as one report's
  ASSERT_GT(report.kinds[0].js_distance.rows(), 0);
  EXPECT_EQ(report.kinds[0].js_order, core::cluster_order(report.kinds[0].js_distance));

  int calls = 0;
  const core::HeadReport stopped = core::analyze_corpus(model, lines, {}, {}, [&](int done, int total) {
    ++calls;
    EXPECT_EQ(total, 4);
    return done < 1;
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(stopped.inputs, 1);
  EXPECT_THROW(core::read_corpus_lines((folder.path() / "missing.txt").string()), core::InputError);
}

// Ablation: zeroing head h's b^{i,h} before W^O.
class HeadAblation : public ::testing::Test {
 protected:
  static constexpr int d_model = 8;
  static constexpr int heads = 2;

  void SetUp() override {
    std::mt19937 generator(3);
    std::normal_distribution<float> normal(0.0f, 0.7f);
    for (std::vector<float>* values : {&w_q_, &w_k_, &w_v_, &w_o_}) {
      values->resize(d_model * d_model);
      for (float& value : *values) value = normal(generator);
    }
    bias_.resize(d_model);
    for (float& value : bias_) value = normal(generator);
    const auto bind = [&](std::vector<float>& values) {
      return core::LinearWeights{{values.data(), d_model, d_model}, {bias_.data(), d_model}};
    };
    weights_ = {bind(w_q_), bind(w_k_), bind(w_v_), bind(w_o_), {}};
    x_ = RowMatrix::NullaryExpr(5, d_model, [&] { return normal(generator); });
  }

  std::vector<float> w_q_, w_k_, w_v_, w_o_, bias_;
  core::AttentionWeights weights_;
  RowMatrix x_;
};

TEST_F(HeadAblation, ZeroesTheHeadBeforeWoAndKeepsItsAttention) {
  for (const core::MaskKind mask : {core::MaskKind::None, core::MaskKind::Causal}) {
    core::AttentionSpec spec;
    spec.heads = heads;
    spec.kv_heads = heads;
    spec.head_dim = d_model / heads;
    spec.scale = 1.0f / std::sqrt(static_cast<float>(spec.head_dim));
    spec.mask = mask;
    core::Recorder recorder;
    recorder.want(AttentionKind::EncoderSelf, 0);
    const core::AttentionResult full = core::multi_head_attention(
        x_, x_, weights_, spec, core::AttentionCall{AttentionKind::EncoderSelf, 0, true, 0, {}, &recorder});
    const std::vector<int> off = {1};
    const core::AttentionResult ablated = core::multi_head_attention(
        x_, x_, weights_, spec, core::AttentionCall{AttentionKind::EncoderSelf, 0, true, 0, off, nullptr});
    for (int h = 0; h < heads; ++h) expect_matrix_near(ablated.alpha_hat[h], full.alpha_hat[h], 0.0);
    // by hand: [b^{i,1}; 0] W^Oᵀ + b^O
    const RowMatrix* heads_concatenated = recorder.find(AttentionKind::EncoderSelf, 0, "attn_heads");
    ASSERT_NE(heads_concatenated, nullptr);
    RowMatrix concatenated = *heads_concatenated;
    concatenated.middleCols(d_model / heads, d_model / heads).setZero();
    expect_matrix_near(ablated.output, core::linear(concatenated, weights_.w_o), 1e-5);
    EXPECT_GT((ablated.output - full.output).cwiseAbs().maxCoeff(), 1e-3);
  }
}

TEST(HeadAblationModel, ChangesOnlyLaterLayersAndTheOutput) {
  test::TempFolder folder;
  const core::Model model = core::load_model(
      test::write_random_model(folder.path() / "m", test::small_config(core::Architecture::DecoderOnly)));
  const std::vector<int> ids = {2, 4, 5, 6, 7, 4, 8};
  const core::ForwardResult full = core::forward(model, {}, ids);
  for (int layer = 0; layer < 2; ++layer) {
    core::ForwardOptions options;
    options.ablated_heads = {{AttentionKind::DecoderSelf, layer, 1}};
    const core::ForwardResult ablated = core::forward(model, {}, ids, options);
    for (int l = 0; l < 2; ++l) {
      for (int h = 0; h < 4; ++h) {
        const double change =
            (ablated.trace.decoder_self[l].heads[h] - full.trace.decoder_self[l].heads[h]).cwiseAbs().maxCoeff();
        if (l <= layer) EXPECT_EQ(change, 0.0) << "layer " << l << " head " << h << " after ablating layer " << layer;
        else EXPECT_GT(change, 1e-6) << "layer " << l << " head " << h;
      }
    }
    EXPECT_GT((ablated.last_logits - full.last_logits).cwiseAbs().maxCoeff(), 1e-4);
  }
  // no heads off: the same pass exactly
  const core::ForwardResult none = core::forward(model, {}, ids, core::ForwardOptions{});
  EXPECT_EQ((none.last_logits - full.last_logits).cwiseAbs().maxCoeff(), 0.0f);
  core::ForwardOptions wrong;
  wrong.ablated_heads = {{AttentionKind::EncoderSelf, 0, 0}};
  EXPECT_THROW(core::forward(model, {}, ids, wrong), core::InputError);
  wrong.ablated_heads = {{AttentionKind::DecoderSelf, 0, 4}};
  EXPECT_THROW(core::forward(model, {}, ids, wrong), core::InputError);
}

}  // namespace
