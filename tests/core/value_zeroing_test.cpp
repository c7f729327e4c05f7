// Value zeroing (docs/methods.md) against a float64 reference written here that does what the
// method says literally: for each key j, recompute the attention block's output with v^j set to
// zero in every head, take the cosine distance to the real output, normalise each row. Every kind
// of attention, on tiny checkpoints of several families.

#include <gtest/gtest.h>

#include <filesystem>

#include "analysis/methods/attention_method.h"
#include "analysis/methods/recorded_pass.h"
#include "families/load_model.h"
#include "methods_reference.h"
#include "random_model.h"
#include "tensor/errors.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;

const fs::path data = ATTNSCOPE_TEST_DATA;

// 1 − cos(a, b); b = 0 (the whole output gone) counts as cos = 0, as docs/methods.md defines it.
double cosine_distance(const std::vector<double>& a, const std::vector<double>& b) {
  if (test::norm(b) == 0.0) return 1.0;
  double dot = 0.0;
  for (std::size_t o = 0; o < a.size(); ++o) dot += a[o] * b[o];
  return 1.0 - dot / (test::norm(a) * test::norm(b));
}

void expect_value_zeroing_matches_reference(const core::Model& model, const std::vector<int>& source,
                                            const std::vector<int>& target) {
  const core::MethodResult result =
      core::compute_attention_method(model, source, target, core::AttentionMethod::ValueZeroing);
  int layers_checked = 0;
  for (const core::AttentionKind kind : core::model_attention_kinds(model.spec())) {
    for (int l = 0; l < model.spec().layers(kind); ++l) {
      SCOPED_TRACE(std::string(core::to_string(kind)) + " layer " + std::to_string(l));
      const test::ReferenceLayer ref = test::reference_layer(model, result.pass.record, kind, l, &result.pass.trace);
      test::Grid want(ref.queries(), std::vector<double>(ref.keys(), 0.0));
      for (std::size_t i = 0; i < ref.queries(); ++i) {
        const std::vector<double> b = ref.output(i);
        double total = 0.0;
        for (std::size_t j = 0; j < ref.keys(); ++j) {
          want[i][j] = cosine_distance(b, ref.output(i, static_cast<long>(j)));
          total += want[i][j];
        }
        for (double& value : want[i]) value /= total;
      }
      const core::LayerAttention& got = result.trace.layers(kind)[static_cast<std::size_t>(l)];
      ASSERT_EQ(got.heads.size(), 1u) << "one matrix per layer";
      expect_matrix_near(got.heads[0], test::to_matrix(want), 2e-5);
      // each row is a distribution over the keys
      for (Eigen::Index i = 0; i < got.heads[0].rows(); ++i) EXPECT_NEAR(got.heads[0].row(i).sum(), 1.0, 1e-5);
      ++layers_checked;
    }
  }
  EXPECT_GT(layers_checked, 0);
}

class ValueZeroingCase : public ::testing::TestWithParam<const char*> {};

TEST_P(ValueZeroingCase, MatchesTheFloat64Reference) {
  const fs::path folder = data / GetParam();
  const core::Model model = core::load_model(folder);
  const test::CaseIds ids = test::case_ids(folder);
  expect_value_zeroing_matches_reference(model, ids.source, ids.target);
}

INSTANTIATE_TEST_SUITE_P(Families, ValueZeroingCase,
                         ::testing::Values("hf-cases/llama-tiny-gqa", "hf-cases/llama-tiny-bias", "hf-cases/t5-tiny-gated",
                                           "hf-cases/bloom-tiny-alibi6", "hf-cases/roberta-tiny-mlm",
                                           "hf-cases/mistral-tiny-swa", "peer/marian-tiny-short"));

TEST(ValueZeroing, MatchesTheReferenceOnARandomEncoderDecoder) {
  const test::TempFolder folder;
  const core::Model model =
      core::load_model(test::write_random_model(folder.path(), test::small_config(core::Architecture::EncoderDecoder)));
  expect_value_zeroing_matches_reference(model, {2, 4, 5, 6, 3}, {2, 9, 10, 11});
}

// Under the causal mask a future key sends nothing, so zeroing its value changes nothing.
TEST(ValueZeroing, FutureKeysScoreZeroUnderTheCausalMask) {
  const core::Model model = core::load_model(data / "hf-cases/llama-tiny-gqa");
  const test::CaseIds ids = test::case_ids(data / "hf-cases/llama-tiny-gqa");
  const core::MethodResult result = core::compute_attention_method(model, {}, ids.target, core::AttentionMethod::ValueZeroing);
  const core::RowMatrix& scores = result.trace.decoder_self[0].heads[0];
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    for (Eigen::Index j = i + 1; j < scores.cols(); ++j) EXPECT_EQ(scores(i, j), 0.0f) << i << ", " << j;
  }
}

TEST(ValueZeroing, ChosenQueriesOnlyAndCancel) {
  const core::Model model = core::load_model(data / "peer/marian-tiny-short");
  const test::CaseIds ids = test::case_ids(data / "peer/marian-tiny-short");
  core::MethodOptions options;
  options.queries = {1};
  const core::MethodResult part =
      core::compute_attention_method(model, ids.source, ids.target, core::AttentionMethod::ValueZeroing, {}, options);
  const core::MethodResult full = core::compute_attention_method(model, ids.source, ids.target, core::AttentionMethod::ValueZeroing);
  const core::RowMatrix& got = part.trace.decoder_cross[0].heads[0];
  EXPECT_EQ(got.row(1), full.trace.decoder_cross[0].heads[0].row(1));
  EXPECT_EQ(got.row(0).cwiseAbs().maxCoeff(), 0.0f);

  int calls = 0;
  core::MethodOptions cancel;
  cancel.progress = [&](double) { return ++calls < 3; };
  EXPECT_THROW(core::compute_attention_method(model, ids.source, ids.target, core::AttentionMethod::ValueZeroing, {}, cancel),
               core::Cancelled);
  EXPECT_EQ(calls, 3) << "stops at the first report that says stop";
}

}  // namespace
