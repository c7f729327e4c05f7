// The logit lens (docs/methods.md): the last row is the model's real prediction (bit for bit the
// forward pass's logits, and HuggingFace's own logits in the reference fixtures), and every row
// matches a float64 reference written here (final norm and output head as plain loops).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <numeric>

#include <nlohmann/json.hpp>

#include "analysis/methods/logit_lens.h"
#include "families/load_model.h"
#include "methods_reference.h"
#include "tensor/errors.h"

namespace {

namespace fs = std::filesystem;

const fs::path data = ATTNSCOPE_TEST_DATA;

// p = softmax(logits), in float64
std::vector<double> softmax(const std::vector<double>& logits) {
  const double max = *std::max_element(logits.begin(), logits.end());
  std::vector<double> p(logits.size());
  double sum = 0.0;
  for (std::size_t v = 0; v < logits.size(); ++v) sum += (p[v] = std::exp(logits[v] - max));
  for (double& value : p) value /= sum;
  return p;
}

// Ids by decreasing probability (ties: lower id first).
std::vector<int> ranking(const std::vector<double>& p) {
  std::vector<int> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return p[static_cast<std::size_t>(a)] > p[static_cast<std::size_t>(b)]; });
  return order;
}

// The lens's predictions of one cell agree with a float64 distribution: each kept id's probability,
// and the ids themselves wherever the reference's ranking is not a near tie.
void expect_cell_matches(const std::vector<core::LensPrediction>& got, const std::vector<double>& p, double tol) {
  const std::vector<int> order = ranking(p);
  for (std::size_t k = 0; k < got.size(); ++k) {
    EXPECT_NEAR(got[k].probability, p[static_cast<std::size_t>(got[k].id)], tol) << "rank " << k;
    const double gap = p[static_cast<std::size_t>(order[k])] - p[static_cast<std::size_t>(order[k + 1])];
    const double previous_gap = k == 0 ? 1.0 : p[static_cast<std::size_t>(order[k - 1])] - p[static_cast<std::size_t>(order[k])];
    if (gap > 10 * tol && previous_gap > 10 * tol) {
      EXPECT_EQ(got[k].id, order[k]) << "rank " << k;
    }
  }
}

class LogitLensCase : public ::testing::TestWithParam<const char*> {};

// The last row at the last position is what the forward pass and HuggingFace predict.
TEST_P(LogitLensCase, LastRowIsTheModelsRealPrediction) {
  const fs::path folder = data / GetParam();
  const core::Model model = core::load_model(folder);
  const test::CaseIds ids = test::case_ids(folder);
  const core::AttentionKind stack = core::lens_stack(model.spec());
  const int layers = model.spec().layers(stack);

  core::ForwardOptions record;
  record.record = {{stack, layers - 1}};
  const core::ForwardResult pass = core::forward(model, ids.source, ids.target, record);
  // exactly the forward pass's logits: the last position's residual stream through the same norm
  // and head, bit for bit
  const core::RowMatrix& last_stream = *pass.record.find(stack, layers - 1, "block_out");
  const core::RowMatrix lens_last = core::lens_logits(model, last_stream.bottomRows(1), core::Precision::Exact);
  ASSERT_EQ(lens_last.cols(), pass.last_logits.size());
  for (Eigen::Index v = 0; v < lens_last.cols(); ++v) {
    ASSERT_EQ(lens_last(0, v), pass.last_logits(v)) << "vocabulary entry " << v;
  }

  // and HuggingFace's logits (the fixture, float64), read through the grid's top 10
  std::ifstream in(folder / "expected.json");
  const nlohmann::json expected = nlohmann::json::parse(in);
  const std::vector<double> hf_probabilities = softmax(expected.at("logits").get<std::vector<double>>());
  core::LensOptions options;
  options.top_k = 10;
  const core::LogitLens lens = core::logit_lens(model, ids.source, ids.target, options);
  ASSERT_EQ(lens.rows.size(), static_cast<std::size_t>(layers + 1));
  ASSERT_EQ(lens.top.size(), lens.rows.size());
  ASSERT_EQ(lens.top.back().size(), lens.positions.size());
  const std::vector<core::LensPrediction>& cell = lens.at(lens.rows.size() - 1, lens.positions.size() - 1);
  ASSERT_EQ(cell.size(), 10u);
  expect_cell_matches(cell, hf_probabilities, 1e-4);
  // the grid's last cell is the softmax of the pass's own logits (the same float32 numbers)
  const std::vector<double> pass_logits(pass.last_logits.data(), pass.last_logits.data() + pass.last_logits.size());
  const std::vector<double> pass_probabilities = softmax(pass_logits);
  const std::vector<int> pass_ranking = ranking(pass_probabilities);
  for (std::size_t k = 0; k < cell.size(); ++k) {
    EXPECT_EQ(cell[k].id, pass_ranking[k]) << "rank " << k;
    EXPECT_NEAR(cell[k].probability, pass_probabilities[static_cast<std::size_t>(pass_ranking[k])], 1e-12) << "rank " << k;
  }
}

INSTANTIATE_TEST_SUITE_P(Families, LogitLensCase,
                         ::testing::Values("hf-cases/llama-tiny-gqa", "hf-cases/gemma2-tiny-softcap", "hf-cases/t5-tiny-gated",
                                           "hf-cases/t5-tiny-v10", "hf-cases/bloom-tiny-alibi6",
                                           "hf-cases/gpt-neox-tiny-parallel", "hf-cases/roberta-tiny-mlm",
                                           "peer/marian-tiny-short", "peer/gpt2-tiny-short"));

// Every row, every position, against loops over the final norm and the output head's weights.
// Families without BERT's MLM transform: the reference covers norm, scale, bias and soft-cap.
class LogitLensReference : public ::testing::TestWithParam<const char*> {};

TEST_P(LogitLensReference, EveryCellMatchesTheFloat64Reference) {
  const fs::path folder = data / GetParam();
  const core::Model model = core::load_model(folder);
  const core::ModelSpec& spec = model.spec();
  ASSERT_FALSE(spec.output.transform) << "the reference has no MLM transform";
  const test::CaseIds ids = test::case_ids(folder);
  const core::AttentionKind stack = core::lens_stack(spec);
  const core::StackSpec& stack_spec = stack == core::AttentionKind::DecoderSelf ? spec.decoder : spec.encoder;
  const core::StackWeights& stack_weights =
      stack == core::AttentionKind::DecoderSelf ? model.weights().decoder : model.weights().encoder;
  const test::Grid projection = test::to_grid(model.weights().output_head.projection.to_f32());

  core::ForwardOptions record_all;
  record_all.record_all = true;
  const core::ForwardResult pass = core::forward(model, ids.source, ids.target, record_all);
  const core::LogitLens lens = core::logit_lens(model, ids.source, ids.target);
  for (std::size_t r = 0; r < lens.rows.size(); ++r) {
    const int row = lens.rows[r];
    const test::Grid h = test::to_grid(row == 0 ? *pass.record.find(stack, 0, "embedding")
                                                : *pass.record.find(stack, row - 1, "block_out"));
    for (std::size_t c = 0; c < lens.positions.size(); ++c) {
      SCOPED_TRACE("row " + std::to_string(row) + " position " + std::to_string(lens.positions[c]));
      std::vector<double> x = h[static_cast<std::size_t>(lens.positions[c])];
      const std::size_t d = x.size();
      if (stack_spec.final_norm) {
        const core::NormSpec& norm = stack_spec.final_norm_spec;
        double mean = 0.0;
        if (norm.kind == core::NormKind::LayerNorm) {
          for (const double value : x) mean += value / static_cast<double>(d);
        }
        // LayerNorm: (x − mean) / sqrt(var + eps) γ + β;  RMSNorm: x / sqrt(mean x² + eps) γ
        double square = 0.0;
        for (const double value : x) square += (value - mean) * (value - mean) / static_cast<double>(d);
        for (std::size_t k = 0; k < d; ++k) {
          const double gamma = stack_weights.final_norm.gamma.data[k];
          x[k] = (x[k] - mean) / std::sqrt(square + norm.eps) * (norm.unit_offset ? 1.0 + gamma : gamma);
          if (!stack_weights.final_norm.beta.empty()) x[k] += stack_weights.final_norm.beta.data[k];
        }
      }
      // logits_v = (scale · x) · W_v + b_v, then cap · tanh(logits / cap)
      std::vector<double> logits(projection.size());
      for (std::size_t v = 0; v < projection.size(); ++v) {
        double sum = 0.0;
        for (std::size_t k = 0; k < d; ++k) sum += projection[v][k] * spec.output.input_scale * x[k];
        if (!model.weights().output_head.bias.empty()) sum += model.weights().output_head.bias.data[v];
        if (spec.output.soft_cap > 0.0f) sum = spec.output.soft_cap * std::tanh(sum / spec.output.soft_cap);
        logits[v] = sum;
      }
      expect_cell_matches(lens.at(r, c), softmax(logits), 2e-5);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Families, LogitLensReference,
                         ::testing::Values("hf-cases/llama-tiny-gqa", "hf-cases/gemma2-tiny-softcap", "hf-cases/t5-tiny-v10",
                                           "peer/marian-tiny-short"));

TEST(LogitLens, ChosenRowsAndPositionsAndProgress) {
  const core::Model model = core::load_model(data / "hf-cases/llama-tiny-gqa");
  const test::CaseIds ids = test::case_ids(data / "hf-cases/llama-tiny-gqa");
  const core::LogitLens full = core::logit_lens(model, {}, ids.target);
  EXPECT_EQ(full.rows, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(full.positions.size(), ids.target.size());
  core::LensOptions options;
  options.rows = {2, 0};
  options.positions = {4};
  options.top_k = 3;
  std::vector<double> reports;
  options.progress = [&](double fraction) {
    reports.push_back(fraction);
    return true;
  };
  const core::LogitLens part = core::logit_lens(model, {}, ids.target, options);
  EXPECT_EQ(part.rows, (std::vector<int>{0, 2}));
  EXPECT_EQ(part.positions, (std::vector<int>{4}));
  ASSERT_EQ(part.at(1, 0).size(), 3u);
  EXPECT_EQ(part.at(1, 0)[0].id, full.at(2, 4)[0].id);
  EXPECT_DOUBLE_EQ(part.at(1, 0)[0].probability, full.at(2, 4)[0].probability);
  EXPECT_EQ(reports, (std::vector<double>{0.5, 1.0}));
}

void expect_input_error(const std::function<void()>& call, const std::string& message) {
  try {
    call();
    ADD_FAILURE() << "no error; expected: " << message;
  } catch (const core::InputError& error) {
    EXPECT_EQ(error.what(), message);
  }
}

TEST(LogitLens, BadRequestsNameWhatIsWrong) {
  const core::Model model = core::load_model(data / "hf-cases/llama-tiny-gqa");
  const std::vector<int> ids = {1, 5, 9};
  core::LensOptions zero;
  zero.top_k = 0;
  expect_input_error([&] { core::logit_lens(model, {}, ids, zero); }, "the logit lens needs top_k of at least 1, not 0");
  core::LensOptions far_row;
  far_row.rows = {3};
  expect_input_error([&] { core::logit_lens(model, {}, ids, far_row); },
                     "logit lens row 3 does not exist; the grid has rows 0..2");
  core::LensOptions far_position;
  far_position.positions = {3};
  expect_input_error([&] { core::logit_lens(model, {}, ids, far_position); },
                     "logit lens position 3 does not exist; the grid has positions 0..2");
  core::LensOptions cancel;
  cancel.progress = [](double) { return false; };
  EXPECT_THROW(core::logit_lens(model, {}, ids, cancel), core::Cancelled);
  expect_input_error([&] { core::logit_lens(model, {}, {}); }, "the target input is empty");

  const core::Model classifier = core::load_model(data / "hf-cases/bert-tiny-seqcls");
  const std::vector<int> source = {2, 7, 3};
  expect_input_error([&] { core::logit_lens(classifier, source, {}); },
                     "this model has no output head over the vocabulary (sequence classification), so the logit lens "
                     "has no prediction to read");
}

// An encoder-only model with a masked-LM head reads its encoder through that head.
TEST(LogitLens, MaskedLanguageModelReadsTheEncoder) {
  const core::Model model = core::load_model(data / "hf-cases/roberta-tiny-mlm");
  EXPECT_EQ(core::lens_stack(model.spec()), core::AttentionKind::EncoderSelf);
  const test::CaseIds ids = test::case_ids(data / "hf-cases/roberta-tiny-mlm");
  const core::LogitLens lens = core::logit_lens(model, ids.source, {});
  EXPECT_EQ(lens.rows.size(), static_cast<std::size_t>(model.spec().encoder_layers() + 1));
  EXPECT_EQ(lens.positions.size(), ids.source.size());
}

}  // namespace
