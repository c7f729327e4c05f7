// The positional-encoding explorer, the attention sandbox and the layer inspector, each checked on
// values small enough to compute by hand, and the inspector also against the PyTorch reference.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "families/load_model.h"
#include "classroom/attention_sandbox.h"
#include "tensor/errors.h"
#include "classroom/layer_inspector.h"
#include "nn/norm.h"
#include "model/model.h"
#include "nn/positional_encoding.h"
#include "classroom/positional_explorer.h"
#include "test_support.h"

namespace {

std::string data(const std::string& folder) { return std::string(ATTNSCOPE_TEST_DATA) + "/" + folder; }

template <typename Function>
std::string error_of(Function&& function) {
  try {
    function();
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no error";
}

core::RowMatrix matrix(Eigen::Index rows, Eigen::Index cols, std::initializer_list<float> values) {
  core::RowMatrix m(rows, cols);
  std::copy(values.begin(), values.end(), m.data());
  return m;
}

core::RowMatrix from_json(const nlohmann::json& rows) {
  core::RowMatrix m(rows.size(), rows[0].size());
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rows[i][j].get<float>();
  }
  return m;
}

// positional-encoding explorer

TEST(PositionalExplorer, SinusoidTableIsTheModelsPositionVectors) {
  const core::Model model = core::load_model(data("torch/encdec-post-relu"));
  const core::RowMatrix e = core::positional_table(model, core::InputSide::Source, 5);
  expect_matrix_near(e, core::sinusoidal_table(5, 16, core::PositionalEncoding::SinusoidalInterleaved), 0.0);
  // e^0 = (sin 0, cos 0, …) = (0, 1, 0, 1, …)
  EXPECT_EQ(e(0, 0), 0.0f);
  EXPECT_EQ(e(0, 1), 1.0f);
  EXPECT_NEAR(e(1, 0), std::sin(1.0), 1e-7);
}

TEST(PositionalExplorer, SimilarityIsTheDotProductOfPositions) {
  const core::RowMatrix e = matrix(3, 2, {1, 0, 0, 1, 1, 1});
  expect_matrix_near(core::position_similarity(e), matrix(3, 3, {1, 0, 1, 0, 1, 1, 1, 1, 2}), 0.0);
  // A sinusoid's e^p · e^p is d/2 for every p: sin² + cos² = 1 per pair.
  const core::RowMatrix s = core::position_similarity(core::sinusoidal_table(8, 16, core::PositionalEncoding::SinusoidalInterleaved));
  for (int p = 0; p < 8; ++p) EXPECT_NEAR(s(p, p), 8.0, 1e-5);
}

TEST(PositionalExplorer, LearnedTableSkipsTheOffsetRows) {
  const core::Model model = core::load_model(data("torch/decoder-pre-gelu-learned"));
  const core::RowMatrix e = core::positional_table(model, core::InputSide::Target, 16);
  const core::WeightMatrix& table = model.weights().decoder.embedding.positions;
  expect_matrix_near(e, table.view().middleRows(2, 16), 0.0);
  EXPECT_EQ(error_of([&] { core::positional_table(model, core::InputSide::Target, 17); }),
            "the model has position vectors for 16 positions, not 17");
  EXPECT_EQ(error_of([&] { core::positional_table(model, core::InputSide::Source, 2); }), "the model has no encoder");
  const core::Model none = core::load_model(data("torch/encdec-pre-silu-none"));
  EXPECT_EQ(error_of([&] { core::positional_table(none, core::InputSide::Source, 2); }),
            "the model has no positional encoding");
}

TEST(PositionalExplorer, OneHotViewIsTheSumOfTokenAndPosition) {
  const core::Model model = core::load_model(data("torch/encdec-post-relu"));
  const core::OneHotView view = core::one_hot_view(model, core::InputSide::Source, 5, 3);
  EXPECT_EQ(view.x.sum(), 1.0f);
  EXPECT_EQ(view.x(5), 1.0f);
  EXPECT_EQ(view.p(3), 1.0f);
  // W [x; p] = a + e, with a the token row scaled by √d_model (this model scales embeddings)
  const Eigen::VectorXf a = model.weights().encoder.embedding.tokens.rows_f32(5, 1).transpose() * 4.0f;
  EXPECT_LE((view.a - a).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LE((view.w_xp - (view.a + view.e)).cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_EQ(error_of([&] { core::one_hot_view(model, core::InputSide::Source, 24, 0); }),
            "token id 24 is outside the vocabulary (0..23)");
  EXPECT_EQ(error_of([&] { core::one_hot_view(model, core::InputSide::Source, 0, 16); }),
            "position 16 is beyond the 16 position vectors");
}

// attention sandbox

TEST(AttentionSandbox, HandComputedTwoTokens) {
  core::SandboxInput input;
  input.q = matrix(2, 2, {1, 0, 0, 2});
  input.k = matrix(2, 2, {1, 0, 0, 1});
  input.v = matrix(2, 2, {1, 0, 0, 1});
  input.scale_by_sqrt_d = false;
  core::SandboxResult r = core::run_sandbox(input);
  // α = q kᵀ = [[1, 0], [0, 2]]
  expect_matrix_near(r.alpha, matrix(2, 2, {1, 0, 0, 2}), 0.0);
  const float e = std::exp(1.0f);
  const float e2 = std::exp(2.0f);
  expect_matrix_near(r.alpha_hat, matrix(2, 2, {e / (e + 1), 1 / (e + 1), 1 / (1 + e2), e2 / (1 + e2)}), 1e-6);
  expect_matrix_near(r.b, r.alpha_hat, 1e-6);  // v = I

  // √d scaling and temperature τ = 2: α / (√2 · 2)
  input.scale_by_sqrt_d = true;
  input.temperature = 2.0f;
  r = core::run_sandbox(input);
  expect_matrix_near(r.alpha, matrix(2, 2, {1 / (2 * std::sqrt(2.0f)), 0, 0, 2 / (2 * std::sqrt(2.0f))}), 1e-6);

  // causal mask: the first token sees only itself
  input.causal_mask = true;
  r = core::run_sandbox(input);
  EXPECT_EQ(r.alpha(0, 1), -std::numeric_limits<float>::infinity());
  EXPECT_EQ(r.alpha_hat(0, 0), 1.0f);
  EXPECT_EQ(r.alpha_hat(0, 1), 0.0f);
}

TEST(AttentionSandbox, RejectsABadTemperatureOrShape) {
  core::SandboxInput input;
  input.q = matrix(2, 2, {1, 0, 0, 1});
  input.k = input.q;
  input.v = input.q;
  input.temperature = 0.0f;
  EXPECT_EQ(error_of([&] { core::run_sandbox(input); }), "the temperature must be greater than 0");
  input.temperature = 1.0f;
  input.k = matrix(1, 2, {1, 0});
  EXPECT_EQ(error_of([&] { core::run_sandbox(input); }), "q, k and v need one row per token");
  input.k = matrix(2, 1, {1, 0});
  EXPECT_EQ(error_of([&] { core::run_sandbox(input); }), "q and k need the same, non-zero size to be compared");
}

// layer inspector

TEST(LayerInspector, LayerNormAndBatchNormByHand) {
  const core::RowMatrix x = matrix(2, 3, {1, 2, 3, 2, 4, 6});
  // rows: mean 2 and 4, variance 2/3 and 8/3
  const core::Moments rows = core::row_moments(x);
  EXPECT_FLOAT_EQ(rows.mean(1), 4.0f);
  EXPECT_FLOAT_EQ(rows.variance(0), 2.0f / 3.0f);
  const float r = std::sqrt(1.5f);
  expect_matrix_near(core::layer_normalise(x, 0.0f), matrix(2, 3, {-r, 0, r, -r, 0, r}), 1e-6);
  // columns: mean 1.5, 3, 4.5; each column normalises to (−1, 1)
  const core::Moments columns = core::column_moments(x);
  EXPECT_FLOAT_EQ(columns.mean(2), 4.5f);
  EXPECT_FLOAT_EQ(columns.variance(0), 0.25f);
  expect_matrix_near(core::batch_normalise(x, 0.0f), matrix(2, 3, {-1, -1, -1, 1, 1, 1}), 1e-6);
}

class LayerInspectorModel : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    model_.emplace(core::load_model(data(GetParam())));
    std::ifstream file(data(GetParam()) + "/expected.json");
    expected_ = nlohmann::json::parse(file);
    source_ = expected_.at("source_ids").get<std::vector<int>>();
    target_ = expected_.at("target_ids").get<std::vector<int>>();
  }
  core::AddAndNormInspection inspect(core::Stack stack, int layer, core::SubLayer sublayer) const {
    return core::inspect_add_and_norm(*model_, source_, target_, {stack, layer, sublayer, true});
  }
  std::optional<core::Model> model_;
  nlohmann::json expected_;
  std::vector<int> source_;
  std::vector<int> target_;
};

// The stream entering each layer and leaving it matches the PyTorch reference; inside, the numbers
// obey LayerNorm's definition.
TEST_P(LayerInspectorModel, StreamMatchesTheReferenceAndLayerNormNormalises) {
  const core::ModelSpec& config = model_->spec();
  const auto check_stack = [&](core::Stack stack, int layers, const char* key, std::vector<core::SubLayer> boxes) {
    for (int l = 0; l < layers; ++l) {
      SCOPED_TRACE(std::string(key) + " layer " + std::to_string(l));
      const core::AddAndNormInspection first = inspect(stack, l, boxes.front());
      const core::AddAndNormInspection last = inspect(stack, l, boxes.back());
      expect_matrix_near(first.residual_before, from_json(expected_[key][l]["input"]), 1e-4);
      expect_matrix_near(last.residual_after, from_json(expected_[key][l]["output"]), 1e-4);
      for (const core::SubLayer box : boxes) {
        const core::AddAndNormInspection r = inspect(stack, l, box);
        const core::NormWeights& norm_weights = stack == core::Stack::Encoder
            ? (box == core::SubLayer::SelfAttention ? model_->weights().encoder.blocks[l].self_attention_norm
                                                    : model_->weights().encoder.blocks[l].feed_forward_norm)
            : (box == core::SubLayer::SelfAttention    ? model_->weights().decoder.blocks[l].self_attention_norm
               : box == core::SubLayer::CrossAttention ? model_->weights().decoder.blocks[l].cross_attention_norm
                                                       : model_->weights().decoder.blocks[l].feed_forward_norm);
        const core::BlockSpec& block = (stack == core::Stack::Encoder ? config.encoder : config.decoder).blocks.at(l);
        ASSERT_EQ(block.norm.kind, core::NormKind::LayerNorm);
        expect_matrix_near(r.norm_output, core::normalize(r.norm_input, norm_weights, block.norm), 1e-5);
        EXPECT_LE(r.after.mean.cwiseAbs().maxCoeff(), 1e-5);
        EXPECT_LE((r.after.variance.array() - 1.0f).abs().maxCoeff(), 1e-3);  // eps keeps it just under 1
        EXPECT_EQ(r.batch_dimensions.mean.size(), config.d_model);
        EXPECT_LE(core::column_moments(r.batch_normalised).mean.cwiseAbs().maxCoeff(), 1e-5);
        // the residual connection: pre-LN adds the sub-layer's output to the stream unchanged
        if (block.layout == core::ResidualLayout::PreNorm) {
          expect_matrix_near(r.residual_after, r.residual_before + r.sublayer_output, 1e-6);
        } else {
          expect_matrix_near(r.norm_input, r.residual_before + r.sublayer_output, 1e-6);
        }
      }
    }
  };
  if (config.has_encoder()) {
    check_stack(core::Stack::Encoder, config.encoder_layers(), "encoder_layers",
                {core::SubLayer::SelfAttention, core::SubLayer::FeedForward});
  }
  if (config.has_decoder()) {
    std::vector<core::SubLayer> boxes = {core::SubLayer::SelfAttention};
    if (config.has_encoder()) boxes.push_back(core::SubLayer::CrossAttention);
    boxes.push_back(core::SubLayer::FeedForward);
    check_stack(core::Stack::Decoder, config.decoder_layers(), "decoder_layers", boxes);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, LayerInspectorModel,
                         testing::Values("torch/encdec-post-relu", "torch/encdec-pre-silu-none",
                                         "torch/decoder-pre-gelu-learned"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// GPT-NeoX's parallel residual: y = x + Attn(N₁(x)) + FFN(N₂(x)). Both sub-layers read the same
// stream x, and both inspections end at the block's output.
TEST(LayerInspector, ParallelResidualBlockInspectsBothSubLayers) {
  const core::Model model = core::load_model(data("hf-cases/gpt-neox-tiny-parallel"));
  ASSERT_EQ(model.spec().decoder.blocks.at(0).layout, core::ResidualLayout::Parallel);
  const std::vector<int> ids = {1, 2, 3, 4};
  const auto inspect = [&](core::SubLayer sublayer) {
    return core::inspect_add_and_norm(model, {}, ids, {core::Stack::Decoder, 0, sublayer, true});
  };
  const core::AddAndNormInspection attention = inspect(core::SubLayer::SelfAttention);
  const core::AddAndNormInspection ffn = inspect(core::SubLayer::FeedForward);
  expect_matrix_near(ffn.residual_before, attention.residual_before, 0.0);
  expect_matrix_near(ffn.residual_after, attention.residual_after, 0.0);
  expect_matrix_near(ffn.residual_after,
                     ffn.residual_before + attention.sublayer_output + ffn.sublayer_output, 1e-5);
}

TEST(LayerInspector, NamesAMissingLayerOrSubLayer) {
  const core::Model model = core::load_model(data("torch/decoder-pre-gelu-learned"));
  const std::vector<int> ids = {2, 6, 14};
  const auto inspect = [&](core::LayerInspectorRequest request) {
    return error_of([&] { core::inspect_add_and_norm(model, {}, ids, request); });
  };
  EXPECT_EQ(inspect({core::Stack::Encoder, 0, core::SubLayer::SelfAttention, true}), "the model has no encoder");
  EXPECT_EQ(inspect({core::Stack::Decoder, 2, core::SubLayer::SelfAttention, true}),
            "decoder layer 2 does not exist (the model has 2)");
  EXPECT_EQ(inspect({core::Stack::Decoder, 0, core::SubLayer::CrossAttention, true}),
            "this layer has no cross-attention sub-layer");
}

}  // namespace
