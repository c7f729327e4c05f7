// Rollout, attention flow and value zeroing (docs/methods.md) on an on-demand trace
// (model/trace.h), the kind a long input gets: the pass keeps Q and K, rollout and flow stream
// each layer's heads one at a time, value zeroing recomputes only the α̂ rows of its sampled
// queries. Small models are forced on demand (ForwardOptions::attention) so the dense pass can be
// the reference: over every query the results equal the dense trace's bit for bit, and a sample
// of queries gives exactly the dense rows it names (zeros elsewhere).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/head_analysis.h"
#include "analysis/methods/attention_flow.h"
#include "analysis/methods/attention_method.h"
#include "analysis/methods/streamed_rollout.h"
#include "families/load_model.h"
#include "model/transformer.h"
#include "tensor/errors.h"
#include "test_support.h"

namespace {

using ::testing::HasSubstr;

const std::string hf_cases = std::string(ATTNSCOPE_TEST_DATA) + "/hf-cases/";
const std::string peer_cases = std::string(ATTNSCOPE_TEST_DATA) + "/peer/";

constexpr core::AttentionKind all_kinds[] = {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf,
                                             core::AttentionKind::DecoderCross};

core::ForwardOptions stored(core::AttentionStorage storage) {
  core::ForwardOptions options;
  options.attention = storage;
  return options;
}

// count ids from first, in the range every fixture's vocabulary has
std::vector<int> ids(int count, int first) {
  std::vector<int> result;
  for (int i = 0; i < count; ++i) result.push_back(first + (i * 7) % 37);
  return result;
}

struct Inputs {
  std::vector<int> source;
  std::vector<int> target;
};

Inputs inputs_for(const core::Model& model, int length) {
  Inputs in;
  if (model.spec().has_encoder()) in.source = ids(length, 3);
  if (model.spec().has_decoder()) in.target = ids(model.spec().has_encoder() ? length - 3 : length, 5);
  return in;
}

// Both results' matrices, kind by kind and layer by layer, equal bit for bit; returns how many
// non-empty matrices were compared.
int expect_same_trace(const core::AttentionTrace& got, const core::AttentionTrace& want) {
  int compared = 0;
  for (const core::AttentionKind kind : all_kinds) {
    if (got.layers(kind).size() != want.layers(kind).size()) {
      ADD_FAILURE() << core::to_string(kind) << ": " << got.layers(kind).size() << " layers, want "
                    << want.layers(kind).size();
      continue;
    }
    for (std::size_t l = 0; l < want.layers(kind).size(); ++l) {
      const std::vector<core::RowMatrix>& want_heads = want.layers(kind)[l].heads;
      const std::vector<core::RowMatrix>& got_heads = got.layers(kind)[l].heads;
      EXPECT_EQ(got_heads.size(), want_heads.size());
      for (std::size_t h = 0; h < std::min(got_heads.size(), want_heads.size()); ++h) {
        SCOPED_TRACE(std::string(core::to_string(kind)) + " layer " + std::to_string(l));
        expect_matrix_near(got_heads[h], want_heads[h], 0.0);
        ++compared;
      }
    }
  }
  return compared;
}

// method computed on a dense and on an on-demand pass of the same input
struct BothPasses {
  core::MethodResult dense;
  core::MethodResult on_demand;
};

BothPasses both(const core::Model& model, const Inputs& in, core::AttentionMethod method,
                const core::MethodOptions& options = {}) {
  BothPasses result{
      core::compute_attention_method(model, in.source, in.target, method, stored(core::AttentionStorage::Dense), options),
      core::compute_attention_method(model, in.source, in.target, method, stored(core::AttentionStorage::OnDemand),
                                     options)};
  return result;
}

class MethodsOnDemand : public ::testing::TestWithParam<std::string> {};

// Every query, 12 tokens (one block), every method that reads the trace: the dense numbers.
TEST_P(MethodsOnDemand, EveryQueryEqualsTheDensePass) {
  const core::Model model = core::load_model(GetParam());
  const Inputs in = inputs_for(model, 12);
  for (const core::AttentionMethod method :
       {core::AttentionMethod::Rollout, core::AttentionMethod::Flow, core::AttentionMethod::ValueZeroing}) {
    SCOPED_TRACE(core::to_string(method));
    const BothPasses result = both(model, in, method);
    ASSERT_TRUE(result.dense.pass.trace.is_dense());
    // the method kept the pass on demand: it did not fall back to a dense trace
    ASSERT_FALSE(result.on_demand.pass.trace.is_dense());
    EXPECT_GT(expect_same_trace(result.on_demand.trace, result.dense.trace), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Families, MethodsOnDemand,
                         ::testing::Values(peer_cases + "bert-tiny-short",   // encoder
                                           hf_cases + "llama-tiny-gqa",      // rotary, grouped-query, causal
                                           hf_cases + "t5-tiny-v10"));       // relative bias, cross-attention

// 128 tokens (the fixture's maximum): two blocks of 64 query rows on demand (nn/attention_rows.h).
TEST(MethodsOnDemandLong, RolloutAndValueZeroingOverSeveralBlocksEqualTheDensePass) {
  const core::Model model = core::load_model(hf_cases + "llama-tiny-gqa");
  const Inputs in = inputs_for(model, 128);
  for (const core::AttentionMethod method : {core::AttentionMethod::Rollout, core::AttentionMethod::ValueZeroing}) {
    SCOPED_TRACE(core::to_string(method));
    const BothPasses result = both(model, in, method);
    ASSERT_FALSE(result.on_demand.pass.trace.is_dense());
    EXPECT_GT(expect_same_trace(result.on_demand.trace, result.dense.trace), 0);
  }
}

// A sample of queries: value zeroing's rows, computed from the blocks that hold them alone, are
// the dense pass's full rows; the other rows are 0.
TEST(MethodsOnDemandLong, SampledValueZeroingRowsAreTheDenseRowsTheyName) {
  const core::Model model = core::load_model(hf_cases + "llama-tiny-gqa");
  const Inputs in = inputs_for(model, 128);
  const std::vector<int> sample = {127, 3, 70};  // any order; both blocks
  core::MethodOptions sampled;
  sampled.queries = sample;
  const core::MethodResult full = core::compute_attention_method(
      model, in.source, in.target, core::AttentionMethod::ValueZeroing, stored(core::AttentionStorage::Dense));
  const core::MethodResult part = core::compute_attention_method(
      model, in.source, in.target, core::AttentionMethod::ValueZeroing, stored(core::AttentionStorage::OnDemand), sampled);
  ASSERT_FALSE(part.pass.trace.is_dense());
  const core::AttentionKind kind = core::AttentionKind::DecoderSelf;
  ASSERT_EQ(part.trace.layers(kind).size(), full.trace.layers(kind).size());
  for (std::size_t l = 0; l < full.trace.layers(kind).size(); ++l) {
    SCOPED_TRACE("layer " + std::to_string(l));
    const core::RowMatrix& want = full.trace.layers(kind)[l].heads.at(0);
    const core::RowMatrix& got = part.trace.layers(kind)[l].heads.at(0);
    ASSERT_EQ(got.rows(), want.rows());
    for (Eigen::Index i = 0; i < want.rows(); ++i) {
      const bool in_sample = std::find(sample.begin(), sample.end(), i) != sample.end();
      if (in_sample) {
        EXPECT_EQ(got.row(i), want.row(i)) << "query " << i;
        EXPECT_NEAR(got.row(i).sum(), 1.0, 1e-5) << "a measured row sums to 1";
      } else {
        EXPECT_EQ(got.row(i).cwiseAbs().maxCoeff(), 0.0f) << "query " << i << " was not asked for";
      }
    }
  }
}

// Flow on a sample of queries and layers, on demand: the dense flow's rows.
TEST(MethodsOnDemandSample, SampledFlowRowsAreTheDenseRowsTheyName) {
  const core::Model model = core::load_model(hf_cases + "llama-tiny-gqa");
  const Inputs in = inputs_for(model, 14);
  core::MethodOptions sampled;
  sampled.queries = {2, 13};
  sampled.layers = {1};
  const core::MethodResult full = core::compute_attention_method(model, in.source, in.target, core::AttentionMethod::Flow,
                                                                 stored(core::AttentionStorage::Dense));
  const core::MethodResult part = core::compute_attention_method(
      model, in.source, in.target, core::AttentionMethod::Flow, stored(core::AttentionStorage::OnDemand), sampled);
  ASSERT_FALSE(part.pass.trace.is_dense());
  const std::vector<core::LayerAttention>& got = part.trace.layers(core::AttentionKind::DecoderSelf);
  const std::vector<core::LayerAttention>& want = full.trace.layers(core::AttentionKind::DecoderSelf);
  ASSERT_EQ(got.size(), want.size());
  EXPECT_TRUE(got[0].heads.empty()) << "layer 0 was not asked for";
  const core::RowMatrix& f = got[1].heads.at(0);
  for (Eigen::Index i = 0; i < f.rows(); ++i) {
    if (i == 2 || i == 13) EXPECT_EQ(f.row(i), want[1].heads.at(0).row(i)) << "query " << i;
    else EXPECT_EQ(f.row(i).cwiseAbs().maxCoeff(), 0.0f) << "query " << i;
  }
  EXPECT_GT(f.row(13).sum(), 0.0f) << "a flow was measured";
}

// The streamed Â and rollout equal head_analysis.h's over the stored heads, bit for bit.
TEST(MethodsOnDemandSample, StreamedRolloutEqualsTheStoredHeadsRollout) {
  const core::Model model = core::load_model(hf_cases + "t5-tiny-v10");
  const Inputs in = inputs_for(model, 12);
  const core::ForwardResult dense = core::forward(model, in.source, in.target, stored(core::AttentionStorage::Dense));
  const core::ForwardResult lazy = core::forward(model, in.source, in.target, stored(core::AttentionStorage::OnDemand));
  for (const core::AttentionKind kind : {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf}) {
    SCOPED_TRACE(core::to_string(kind));
    const std::vector<core::RowMatrix> want = core::attention_rollout(dense.trace.layers(kind));
    for (const core::AttentionTrace* trace : {&dense.trace, &lazy.trace}) {
      const std::vector<core::RowMatrix> got = core::streamed_rollout(*trace, kind);
      ASSERT_EQ(got.size(), want.size());
      ASSERT_FALSE(want.empty());
      for (std::size_t l = 0; l < want.size(); ++l) expect_matrix_near(got[l], want[l], 0.0);
    }
    // the cross-attention's Â (not square: no residual) streams too
    expect_matrix_near(core::streamed_layer_graph(lazy.trace, core::AttentionKind::DecoderCross, 0, true),
                       core::rollout_layer_graph(dense.trace.decoder_cross[0], true), 0.0);
  }
}

// Rollout's progress reaches 1 and Cancel stops it with the method's name.
TEST(MethodsOnDemandSample, StreamedRolloutReportsProgressAndCancels) {
  const core::Model model = core::load_model(hf_cases + "llama-tiny-gqa");
  const Inputs in = inputs_for(model, 12);
  const core::ForwardResult lazy = core::forward(model, in.source, in.target, stored(core::AttentionStorage::OnDemand));
  std::vector<double> reports;
  core::MethodOptions options;
  options.progress = [&](double fraction) {
    reports.push_back(fraction);
    return true;
  };
  (void)core::streamed_rollout(lazy.trace, core::AttentionKind::DecoderSelf, true, options);
  const int heads = lazy.trace.layer_count(core::AttentionKind::DecoderSelf) *
                    lazy.trace.head_count(core::AttentionKind::DecoderSelf, 0);
  ASSERT_EQ(static_cast<int>(reports.size()), heads) << "one report per head";
  EXPECT_TRUE(std::is_sorted(reports.begin(), reports.end()));
  EXPECT_DOUBLE_EQ(reports.back(), 1.0);
  options.progress = [](double) { return false; };
  try {
    (void)core::streamed_rollout(lazy.trace, core::AttentionKind::DecoderSelf, true, options);
    FAIL() << "cancel did not stop rollout";
  } catch (const core::Cancelled& error) {
    EXPECT_THAT(error.what(), HasSubstr("rollout cancelled"));
  }
}

// attention_rows picks exactly the dense rows, in the order asked, from either kind of trace; a
// query the layer lacks is named.
TEST(MethodsOnDemandSample, AttentionRowsAreTheDenseRowsAndABadQueryIsNamed) {
  const core::Model model = core::load_model(hf_cases + "llama-tiny-gqa");
  const Inputs in = inputs_for(model, 128);
  const core::ForwardResult dense = core::forward(model, in.source, in.target, stored(core::AttentionStorage::Dense));
  const core::ForwardResult lazy = core::forward(model, in.source, in.target, stored(core::AttentionStorage::OnDemand));
  const core::AttentionKind kind = core::AttentionKind::DecoderSelf;
  const std::vector<int> rows = {100, 0, 63, 64, 127, 100};
  for (int h = 0; h < dense.trace.head_count(kind, 1); ++h) {
    const core::RowMatrix& full = *dense.trace.stored(kind, 1, h);
    for (const core::AttentionTrace* trace : {&dense.trace, &lazy.trace}) {
      const core::RowMatrix picked = trace->attention_rows(kind, 1, h, rows);
      ASSERT_EQ(picked.rows(), static_cast<Eigen::Index>(rows.size()));
      ASSERT_EQ(picked.cols(), full.cols());
      for (std::size_t r = 0; r < rows.size(); ++r) EXPECT_EQ(picked.row(static_cast<Eigen::Index>(r)), full.row(rows[r]));
    }
  }
  const std::vector<int> bad = {5, 128};
  try {
    (void)lazy.trace.attention_rows(kind, 1, 0, bad);
    FAIL() << "query 128 of 128 was accepted";
  } catch (const core::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("no query 128 in decoder_self layer 1; it has queries 0..127"));
  }
}

// Value zeroing's pass records v but no per-head matrices: at 4k tokens those would be H·T² floats
// a layer, which an on-demand pass exists to avoid.
TEST(MethodsOnDemandSample, ARecordWithoutHeadsKeepsValuesButNoAttention) {
  const core::Model model = core::load_model(hf_cases + "llama-tiny-gqa");
  const Inputs in = inputs_for(model, 12);
  core::ForwardOptions options = stored(core::AttentionStorage::OnDemand);
  options.record = {{core::AttentionKind::DecoderSelf, 1}};
  options.record_heads = false;
  const core::ForwardResult lazy = core::forward(model, in.source, in.target, options);
  EXPECT_EQ(lazy.record.find_heads(core::AttentionKind::DecoderSelf, 1, "alpha_hat"), nullptr);
  EXPECT_EQ(lazy.record.find_heads(core::AttentionKind::DecoderSelf, 1, "scores"), nullptr);
  ASSERT_NE(lazy.record.find(core::AttentionKind::DecoderSelf, 1, "v"), nullptr);
  options.record_heads = true;
  const core::ForwardResult with_heads = core::forward(model, in.source, in.target, options);
  ASSERT_NE(with_heads.record.find_heads(core::AttentionKind::DecoderSelf, 1, "alpha_hat"), nullptr);
  // the pass's output does not depend on what it recorded
  EXPECT_EQ(lazy.last_logits, with_heads.last_logits);
}

// The sample the app and the Python module compute on a long input: i_k = ⌊k (rows − 1) /
// (count − 1) + ½⌋, the first and the last row included, every row when there are few.
TEST(MethodsOnDemandSample, SampledQueriesAreEvenlySpacedWithTheEnds) {
  EXPECT_EQ(core::sampled_queries(5, 3), (std::vector<int>{0, 2, 4}));
  EXPECT_EQ(core::sampled_queries(10, 4), (std::vector<int>{0, 3, 6, 9}));
  EXPECT_EQ(core::sampled_queries(8, 3), (std::vector<int>{0, 4, 7}));  // 3.5 rounds up
  EXPECT_EQ(core::sampled_queries(3, 64), (std::vector<int>{0, 1, 2}));
  const std::vector<int> sample = core::sampled_queries(4096);
  ASSERT_EQ(sample.size(), 64u);
  EXPECT_EQ(sample.front(), 0);
  EXPECT_EQ(sample.back(), 4095);
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
  EXPECT_EQ(sample[1], 65);  // ⌊4095 / 63 + ½⌋ = ⌊65.5⌋
}

}  // namespace
