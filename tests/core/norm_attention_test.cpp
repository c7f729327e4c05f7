// Norm-based attention (docs/methods.md) against a float64 reference written here: every head and
// the heads' sum, every kind of attention, on tiny checkpoints of several families (GQA with
// rotary, T5's relative bias with cross-attention, ALiBi, an MLM encoder, a post-norm
// encoder-decoder with biases, a random native encoder-decoder).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/methods/attention_method.h"
#include "analysis/methods/norm_attention.h"
#include "analysis/methods/recorded_pass.h"
#include "families/load_model.h"
#include "methods_reference.h"
#include "random_model.h"
#include "tensor/errors.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;

const fs::path data = ATTNSCOPE_TEST_DATA;

// The largest entry, for a tolerance relative to the values' scale.
double scale_of(const core::RowMatrix& m) { return std::max(1.0, static_cast<double>(m.cwiseAbs().maxCoeff())); }

void expect_norms_match_reference(const core::Model& model, const std::vector<int>& source, const std::vector<int>& target) {
  const core::MethodResult result =
      core::compute_attention_method(model, source, target, core::AttentionMethod::Norm);
  int layers_checked = 0;
  for (const core::AttentionKind kind : core::model_attention_kinds(model.spec())) {
    for (int l = 0; l < model.spec().layers(kind); ++l) {
      SCOPED_TRACE(std::string(core::to_string(kind)) + " layer " + std::to_string(l));
      const test::ReferenceLayer ref = test::reference_layer(model, result.pass.record, kind, l);
      // the reference's own output must be the layer's real output, or it would prove nothing
      test::Grid output(ref.queries());
      for (std::size_t i = 0; i < ref.queries(); ++i) output[i] = ref.output(i);
      const core::RowMatrix& attn_out = *result.pass.record.find(kind, l, "attn_out");
      expect_matrix_near(test::to_matrix(output), attn_out, 1e-4 * scale_of(attn_out));

      test::Grid summed(ref.queries(), std::vector<double>(ref.keys(), 0.0));
      for (int h = 0; h < ref.heads; ++h) {
        test::Grid per_head(ref.queries(), std::vector<double>(ref.keys(), 0.0));
        for (std::size_t j = 0; j < ref.keys(); ++j) {
          const std::vector<double> f = ref.f(h, j);
          // ‖α̂^h_ij f^h(x_j)‖
          for (std::size_t i = 0; i < ref.queries(); ++i) per_head[i][j] = ref.alpha_hat[static_cast<std::size_t>(h)][i][j] * test::norm(f);
        }
        const core::RowMatrix want = test::to_matrix(per_head);
        expect_matrix_near(result.trace.layers(kind)[static_cast<std::size_t>(l)].heads[static_cast<std::size_t>(h)], want,
                           1e-4 * scale_of(want));
      }
      for (std::size_t i = 0; i < ref.queries(); ++i) {
        for (std::size_t j = 0; j < ref.keys(); ++j) {
          // ‖Σ_h α̂^h_ij f^h(x_j)‖
          std::vector<double> sum(ref.d_model(), 0.0);
          for (int h = 0; h < ref.heads; ++h) {
            const std::vector<double> f = ref.f(h, j);
            for (std::size_t o = 0; o < sum.size(); ++o) sum[o] += ref.alpha_hat[static_cast<std::size_t>(h)][i][j] * f[o];
          }
          summed[i][j] = test::norm(sum);
        }
      }
      const core::RowMatrix want_summed = test::to_matrix(summed);
      const core::LayerAttention& got_summed = result.summed.layers(kind)[static_cast<std::size_t>(l)];
      ASSERT_EQ(got_summed.heads.size(), 1u);
      expect_matrix_near(got_summed.heads[0], want_summed, 1e-4 * scale_of(want_summed));
      ++layers_checked;
    }
  }
  EXPECT_GT(layers_checked, 0);
}

class NormAttentionCase : public ::testing::TestWithParam<const char*> {};

TEST_P(NormAttentionCase, MatchesTheFloat64Reference) {
  const fs::path folder = data / GetParam();
  const core::Model model = core::load_model(folder);
  const test::CaseIds ids = test::case_ids(folder);
  expect_norms_match_reference(model, ids.source, ids.target);
}

INSTANTIATE_TEST_SUITE_P(Families, NormAttentionCase,
                         ::testing::Values("hf-cases/llama-tiny-gqa", "hf-cases/llama-tiny-bias", "hf-cases/t5-tiny-gated",
                                           "hf-cases/bloom-tiny-alibi6", "hf-cases/roberta-tiny-mlm",
                                           "hf-cases/gemma2-tiny-softcap", "peer/marian-tiny-short"));

TEST(NormAttention, MatchesTheReferenceOnARandomEncoderDecoder) {
  const test::TempFolder folder;
  const core::Model model = core::load_model(test::write_random_model(folder.path(), test::small_config(core::Architecture::EncoderDecoder)));
  expect_norms_match_reference(model, {2, 4, 5, 6, 3}, {2, 9, 10, 11});
}

// A key whose value vector is longer counts for more at the same weight: with α̂ equal, the
// per-head norms order the keys by ‖f^h(x_j)‖, which raw attention cannot see.
TEST(NormAttention, PerHeadIsTheWeightTimesTheValueLength) {
  const core::Model model = core::load_model(data / "hf-cases/llama-tiny-gqa");
  const test::CaseIds ids = test::case_ids(data / "hf-cases/llama-tiny-gqa");
  const core::MethodResult result = core::compute_attention_method(model, {}, ids.target, core::AttentionMethod::Norm);
  const core::RowMatrix& raw = result.pass.trace.decoder_self[1].heads[2];
  const core::RowMatrix& norms = result.trace.decoder_self[1].heads[2];
  // the ratio N/α̂ depends on the key only
  for (Eigen::Index j = 0; j + 1 < raw.cols(); ++j) {
    const double ratio_last = norms(raw.rows() - 1, j) / raw(raw.rows() - 1, j);
    const double ratio_diagonal = norms(j, j) / raw(j, j);
    EXPECT_NEAR(ratio_last, ratio_diagonal, 1e-4 * ratio_last) << "key " << j;
  }
}

TEST(NormAttention, ComputesOnlyTheChosenLayersAndQueriesAndReportsProgress) {
  const core::Model model = core::load_model(data / "hf-cases/t5-tiny-gated");
  const test::CaseIds ids = test::case_ids(data / "hf-cases/t5-tiny-gated");
  std::vector<double> reports;
  core::MethodOptions options;
  options.layers = {1};
  options.queries = {0, 3};
  options.progress = [&](double fraction) {
    reports.push_back(fraction);
    return true;
  };
  const core::MethodResult part = core::compute_attention_method(model, ids.source, ids.target, core::AttentionMethod::Norm, {}, options);
  const core::MethodResult full = core::compute_attention_method(model, ids.source, ids.target, core::AttentionMethod::Norm);
  for (const core::AttentionKind kind : core::model_attention_kinds(model.spec())) {
    SCOPED_TRACE(core::to_string(kind));
    EXPECT_TRUE(part.trace.layers(kind)[0].heads.empty()) << "layer 0 was not asked for";
    const core::RowMatrix& got = part.summed.layers(kind)[1].heads[0];
    const core::RowMatrix& want = full.summed.layers(kind)[1].heads[0];
    for (Eigen::Index i = 0; i < got.rows(); ++i) {
      if (i == 0 || i == 3) EXPECT_EQ(got.row(i), want.row(i)) << "query " << i;
      else EXPECT_EQ(got.row(i).cwiseAbs().maxCoeff(), 0.0f) << "query " << i << " was not asked for";
    }
  }
  ASSERT_FALSE(reports.empty());
  EXPECT_TRUE(std::is_sorted(reports.begin(), reports.end()));
  EXPECT_DOUBLE_EQ(reports.back(), 1.0);
}

TEST(NormAttention, CancelThrowsCancelledAndBadRequestsNameWhatIsWrong) {
  const core::Model model = core::load_model(data / "hf-cases/llama-tiny-gqa");
  const test::CaseIds ids = test::case_ids(data / "hf-cases/llama-tiny-gqa");
  core::MethodOptions cancel;
  cancel.progress = [](double) { return false; };
  EXPECT_THROW(core::compute_attention_method(model, {}, ids.target, core::AttentionMethod::Norm, {}, cancel), core::Cancelled);
  core::MethodOptions bad_layer;
  bad_layer.layers = {7};
  try {
    core::compute_attention_method(model, {}, ids.target, core::AttentionMethod::Norm, {}, bad_layer);
    ADD_FAILURE() << "layer 7 accepted";
  } catch (const core::InputError& error) {
    EXPECT_STREQ(error.what(), "layer 7: the decoder_self attention has layers 0..1");
  }
  core::MethodOptions bad_query;
  bad_query.queries = {15};
  try {
    core::compute_attention_method(model, {}, ids.target, core::AttentionMethod::Norm, {}, bad_query);
    ADD_FAILURE() << "query 15 accepted";
  } catch (const core::InputError& error) {
    EXPECT_STREQ(error.what(), "query 15: decoder_self layer 0 has queries 0..14");
  }
  // a pass that did not record the layer is refused, not read as garbage
  const core::ForwardResult plain = core::forward(model, {}, ids.target);
  EXPECT_THROW(core::norm_attention(model, plain, core::Precision::Exact), core::InputError);
}

}  // namespace
