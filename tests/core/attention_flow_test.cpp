// Attention flow (docs/methods.md): the max-flow solver on a textbook network, and the method on
// real models against an independent float64 reference that uses the max-flow min-cut theorem
// instead of augmenting paths: the flow from token j to position i after layer l is the smallest
// capacity of any cut separating them, found here by trying every cut of a 4-token graph.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <set>

#include "analysis/methods/attention_flow.h"
#include "analysis/methods/attention_method.h"
#include "analysis/methods/max_flow.h"
#include "families/load_model.h"
#include "model/transformer.h"
#include "methods_reference.h"
#include "random_model.h"
#include "tensor/errors.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;

// Cormen et al., Introduction to Algorithms (3rd ed.), figure 26.1: the maximum flow is 23.
TEST(MaxFlow, TextbookNetworkCarries23) {
  enum { s, v1, v2, v3, v4, t };
  core::FlowNetwork network(6);
  network.add_edge(s, v1, 16);
  network.add_edge(s, v2, 13);
  network.add_edge(v2, v1, 4);
  network.add_edge(v1, v3, 12);
  network.add_edge(v3, v2, 9);
  network.add_edge(v2, v4, 14);
  network.add_edge(v4, v3, 7);
  network.add_edge(v3, t, 20);
  network.add_edge(v4, t, 4);
  EXPECT_DOUBLE_EQ(network.max_flow(s, t), 23.0);
  EXPECT_DOUBLE_EQ(network.max_flow(s, t), 23.0) << "each call starts from zero flow";
  EXPECT_DOUBLE_EQ(network.max_flow(t, s), 0.0) << "no edge leads back";
  EXPECT_DOUBLE_EQ(network.max_flow(v1, v1), 0.0);
  EXPECT_THROW(network.add_edge(0, 6, 1.0), std::out_of_range);
  EXPECT_THROW(network.max_flow(-1, 2), std::out_of_range);
}

// Â_m = ½ mean_h α̂^h + ½ I, rows re-normalised, in float64.
test::Grid reference_step(const core::LayerAttention& layer) {
  const std::size_t t = static_cast<std::size_t>(layer.heads.front().rows());
  test::Grid a(t, std::vector<double>(t, 0.0));
  for (const core::RowMatrix& head : layer.heads) {
    for (std::size_t i = 0; i < t; ++i) {
      for (std::size_t j = 0; j < t; ++j) a[i][j] += head(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) / static_cast<double>(layer.heads.size());
    }
  }
  for (std::size_t i = 0; i < t; ++i) {
    double sum = 0.0;
    for (std::size_t j = 0; j < t; ++j) {
      a[i][j] = 0.5 * a[i][j] + (i == j ? 0.5 : 0.0);
      sum += a[i][j];
    }
    for (double& value : a[i]) value /= sum;
  }
  return a;
}

// The minimum cut between (0, source) and (last + 1, sink) over every set of the other nodes.
double min_cut(const std::vector<test::Grid>& steps, int last, std::size_t t, std::size_t source, std::size_t sink) {
  const std::size_t nodes = static_cast<std::size_t>(last + 2) * t;
  const std::size_t s = source;
  const std::size_t z = static_cast<std::size_t>(last + 1) * t + sink;
  std::vector<std::size_t> others;
  for (std::size_t n = 0; n < nodes; ++n) {
    if (n != s && n != z) others.push_back(n);
  }
  double best = std::numeric_limits<double>::infinity();
  for (unsigned long mask = 0; mask < (1ul << others.size()); ++mask) {
    std::vector<bool> on_source_side(nodes, false);
    on_source_side[s] = true;
    for (std::size_t k = 0; k < others.size(); ++k) on_source_side[others[k]] = ((mask >> k) & 1ul) != 0;
    // capacity of the edges (m, j) → (m + 1, i) that leave the source side
    double cut = 0.0;
    for (int m = 0; m <= last; ++m) {
      for (std::size_t i = 0; i < t; ++i) {
        for (std::size_t j = 0; j < t; ++j) {
          if (on_source_side[static_cast<std::size_t>(m) * t + j] && !on_source_side[static_cast<std::size_t>(m + 1) * t + i]) {
            cut += steps[static_cast<std::size_t>(m)][i][j];
          }
        }
      }
    }
    best = std::min(best, cut);
  }
  return best;
}

// The layer with only the heads of `heads`, each once (every head when empty): a head named twice
// is still one head of the average.
core::LayerAttention only_heads(const core::LayerAttention& layer, const std::vector<int>& heads) {
  if (heads.empty()) return layer;
  core::LayerAttention kept;
  for (const int h : std::set<int>(heads.begin(), heads.end())) kept.heads.push_back(layer.heads[static_cast<std::size_t>(h)]);
  return kept;
}

// heads: MethodOptions::heads, the heads each Â averages (empty: all); the reference averages
// those heads' α̂ of the pass and nothing else.
void expect_flow_matches_min_cut(const core::Model& model, const std::vector<int>& source, const std::vector<int>& target,
                                 core::AttentionKind kind, const std::vector<int>& heads = {},
                                 core::AttentionStorage storage = core::AttentionStorage::Auto) {
  core::MethodOptions options;
  options.heads = heads;
  core::ForwardOptions forward_options;
  forward_options.attention = storage;
  const core::MethodResult result =
      core::compute_attention_method(model, source, target, core::AttentionMethod::Flow, forward_options, options);
  const core::AttentionTrace dense = core::forward(model, source, target).trace;
  const std::vector<core::LayerAttention>& raw = dense.layers(kind);
  std::vector<test::Grid> steps;
  for (const core::LayerAttention& layer : raw) steps.push_back(reference_step(only_heads(layer, heads)));
  const std::size_t t = steps.front().size();
  for (int l = 0; l < static_cast<int>(raw.size()); ++l) {
    test::Grid want(t, std::vector<double>(t, 0.0));
    for (std::size_t i = 0; i < t; ++i) {
      for (std::size_t j = 0; j < t; ++j) want[i][j] = min_cut(steps, l, t, j, i);
    }
    SCOPED_TRACE(std::string(core::to_string(kind)) + " layer " + std::to_string(l));
    ASSERT_EQ(result.trace.layers(kind)[static_cast<std::size_t>(l)].heads.size(), 1u);
    expect_matrix_near(result.trace.layers(kind)[static_cast<std::size_t>(l)].heads[0], test::to_matrix(want), 1e-5);
  }
  // after one layer there is one path per pair: the flow is Â_0 itself
  for (std::size_t i = 0; i < t; ++i) {
    for (std::size_t j = 0; j < t; ++j) {
      EXPECT_NEAR(result.trace.layers(kind)[0].heads[0](static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), steps[0][i][j], 1e-6);
    }
  }
  EXPECT_TRUE(result.trace.decoder_cross.empty()) << "flow follows one stack's self-attention";
}

TEST(AttentionFlow, EqualsTheMinimumCutOnARandomEncoder) {
  const test::TempFolder folder;
  const core::Model model =
      core::load_model(test::write_random_model(folder.path(), test::small_config(core::Architecture::EncoderOnly)));
  expect_flow_matches_min_cut(model, {2, 5, 6, 3}, {}, core::AttentionKind::EncoderSelf);
}

TEST(AttentionFlow, EqualsTheMinimumCutOnAGqaRotaryDecoder) {
  const core::Model model = core::load_model(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa");
  const test::CaseIds ids = test::case_ids(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa");
  const std::vector<int> prefix(ids.target.begin(), ids.target.begin() + 4);
  expect_flow_matches_min_cut(model, {}, prefix, core::AttentionKind::DecoderSelf);
}

TEST(AttentionFlow, ChosenHeadsEqualTheMinimumCutOfThoseHeadsOnly) {
  const core::Model model = core::load_model(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa");
  const test::CaseIds ids = test::case_ids(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa");
  const std::vector<int> prefix(ids.target.begin(), ids.target.begin() + 4);
  // heads 1 and 3 (of 4: one of each key/value group), given unsorted with a repeat; also on demand
  expect_flow_matches_min_cut(model, {}, prefix, core::AttentionKind::DecoderSelf, {3, 1, 3});
  expect_flow_matches_min_cut(model, {}, prefix, core::AttentionKind::DecoderSelf, {2}, core::AttentionStorage::OnDemand);
  // a subset is not the whole layer: the two differ
  core::MethodOptions some;
  some.heads = {2};
  const core::MethodResult all = core::compute_attention_method(model, {}, prefix, core::AttentionMethod::Flow);
  const core::MethodResult one = core::compute_attention_method(model, {}, prefix, core::AttentionMethod::Flow, {}, some);
  EXPECT_GT((all.trace.decoder_self[1].heads[0] - one.trace.decoder_self[1].heads[0]).cwiseAbs().maxCoeff(), 1e-3f);
}

// R_l = Â_l R_{l−1} with Â_l = ½ (1/|S|) Σ_{h ∈ S} α̂_l^h + ½ I, rows re-normalised, in float64.
TEST(AttentionRollout, ChosenHeadsEqualAFloat64RolloutOfThoseHeadsOnly) {
  const core::Model model = core::load_model(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa");
  const test::CaseIds ids = test::case_ids(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa");
  const std::vector<int> heads = {0, 3};
  const core::AttentionTrace dense = core::forward(model, {}, ids.target).trace;
  for (const core::AttentionStorage storage : {core::AttentionStorage::Dense, core::AttentionStorage::OnDemand}) {
    core::MethodOptions options;
    options.heads = heads;
    core::ForwardOptions forward_options;
    forward_options.attention = storage;
    const core::MethodResult result = core::compute_attention_method(model, {}, ids.target, core::AttentionMethod::Rollout,
                                                                     forward_options, options);
    test::Grid r;
    for (std::size_t l = 0; l < dense.decoder_self.size(); ++l) {
      const test::Grid a = reference_step(only_heads(dense.decoder_self[l], heads));
      if (r.empty()) {
        r = a;
      } else {
        test::Grid next(a.size(), std::vector<double>(a.size(), 0.0));
        for (std::size_t i = 0; i < a.size(); ++i) {
          for (std::size_t k = 0; k < a.size(); ++k) {
            for (std::size_t j = 0; j < a.size(); ++j) next[i][j] += a[i][k] * r[k][j];
          }
        }
        r = next;
      }
      SCOPED_TRACE(std::string(core::to_string(storage)) + " layer " + std::to_string(l));
      ASSERT_EQ(result.trace.decoder_self[l].heads.size(), 1u);
      expect_matrix_near(result.trace.decoder_self[l].heads[0], test::to_matrix(r), 1e-5);
    }
  }
}

TEST(AttentionRollout, AHeadTheLayerLacksIsNamed) {
  const core::Model model = core::load_model(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa");
  core::MethodOptions options;
  options.heads = {1, 4};
  const std::vector<int> target = {5, 6, 7};
  for (const core::AttentionMethod method : {core::AttentionMethod::Rollout, core::AttentionMethod::Flow}) {
    try {
      core::compute_attention_method(model, {}, target, method, {}, options);
      ADD_FAILURE() << core::to_string(method) << ": head 4 of 4 heads was accepted";
    } catch (const core::InputError& error) {
      EXPECT_STREQ(error.what(), "head 4: decoder_self layer 0 has heads 0..3");
    }
  }
}

TEST(AttentionFlow, EncoderAndDecoderStacksOfAnEncoderDecoderAndNoCrossAttention) {
  const core::Model model = core::load_model(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/t5-tiny-gated");
  const test::CaseIds ids = test::case_ids(fs::path(ATTNSCOPE_TEST_DATA) / "hf-cases/t5-tiny-gated");
  const std::vector<int> source(ids.source.begin(), ids.source.begin() + 4);
  const std::vector<int> target(ids.target.begin(), ids.target.begin() + 3);
  expect_flow_matches_min_cut(model, source, target, core::AttentionKind::EncoderSelf);
  expect_flow_matches_min_cut(model, source, target, core::AttentionKind::DecoderSelf);
}

TEST(AttentionFlow, ChosenLayersAndQueriesProgressAndCancel) {
  const test::TempFolder folder;
  const core::Model model =
      core::load_model(test::write_random_model(folder.path(), test::small_config(core::Architecture::EncoderOnly)));
  const std::vector<int> ids = {2, 4, 5, 6, 7, 3};
  const core::ForwardResult pass = core::forward(model, ids, {});
  const std::vector<core::RowMatrix> full = core::attention_flow(pass.trace.encoder_self);
  core::MethodOptions options;
  options.layers = {1};
  options.queries = {2};
  std::vector<double> reports;
  options.progress = [&](double fraction) {
    reports.push_back(fraction);
    return true;
  };
  const std::vector<core::RowMatrix> part = core::attention_flow(pass.trace.encoder_self, options);
  ASSERT_EQ(part.size(), 2u);
  EXPECT_EQ(part[0].size(), 0) << "layer 0 was not asked for";
  EXPECT_EQ(part[1].row(2), full[1].row(2));
  EXPECT_EQ(part[1].row(0).cwiseAbs().maxCoeff(), 0.0f);
  EXPECT_EQ(reports, std::vector<double>{1.0});

  options.progress = [](double) { return false; };
  EXPECT_THROW(core::attention_flow(pass.trace.encoder_self, options), core::Cancelled);
  options.progress = {};
  options.queries = {6};
  try {
    core::attention_flow(pass.trace.encoder_self, options, true, "encoder_self");
    ADD_FAILURE() << "query 6 accepted";
  } catch (const core::InputError& error) {
    EXPECT_STREQ(error.what(), "query 6: encoder_self layer 1 has queries 0..5");
  }
  // cross-attention is not square: a clear message, not a wrong answer
  const core::RowMatrix rectangular = core::RowMatrix::Constant(2, 3, 1.0f / 3.0f);
  EXPECT_THROW(core::attention_flow({core::LayerAttention{{rectangular}}}), core::InputError);
}

}  // namespace
