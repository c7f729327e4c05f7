// The walkthrough computes every step itself from the weights; here each step is checked against
// the forward pass's trace and its recorded steps, so a mistake in either shows up.

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "families/load_model.h"
#include "nn/attention.h"
#include "tensor/errors.h"
#include "model/model.h"
#include "test_support.h"
#include "model/transformer.h"
#include "classroom/walkthrough.h"

namespace {

constexpr double tolerance = 1e-5;

struct Case {
  const char* folder;  // under tests/data
  core::AttentionKind kind;
  int layer;
};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  std::string name = std::string(info.param.folder) + "_" + core::to_string(info.param.kind) + "_" +
                     std::to_string(info.param.layer);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

class WalkthroughTest : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    const std::string folder = std::string(ATTNSCOPE_TEST_DATA) + "/" + GetParam().folder;
    std::ifstream file(folder + "/expected.json");
    const nlohmann::json expected = nlohmann::json::parse(file);
    source_ids_ = expected.at("source_ids").get<std::vector<int>>();
    target_ids_ = expected.at("target_ids").get<std::vector<int>>();
    model_.emplace(core::load_model(folder));
    core::ForwardOptions options;
    options.record = {core::LayerRef{GetParam().kind, GetParam().layer}};
    forward_ = core::forward(*model_, source_ids_, target_ids_, options);
    for (const char* name : {"attn_in_q", "attn_in_kv", "q", "k", "v", "attn_heads"}) {
      ASSERT_NE(forward_.record.find(GetParam().kind, GetParam().layer, name), nullptr) << name;
    }
    ASSERT_NE(forward_.record.find_heads(GetParam().kind, GetParam().layer, "scores"), nullptr);
  }

  const std::vector<core::RowMatrix>& alpha_hat() const {
    return forward_.trace.layers(GetParam().kind).at(GetParam().layer).heads;
  }
  // One recorded step of the layer under test (checked present in SetUp).
  const core::RowMatrix& step(const char* name) const {
    return *forward_.record.find(GetParam().kind, GetParam().layer, name);
  }
  const std::vector<core::RowMatrix>& scores() const {
    return *forward_.record.find_heads(GetParam().kind, GetParam().layer, "scores");
  }
  const core::AttentionSpec& spec() const { return model_->spec().attention(GetParam().kind, GetParam().layer); }

  std::vector<int> source_ids_;
  std::vector<int> target_ids_;
  std::optional<core::Model> model_;
  core::ForwardResult forward_;
};

core::RowMatrix rows(const Eigen::Ref<const core::ColumnMatrix>& m) { return m; }
core::RowMatrix row_of(const Eigen::Ref<const core::ColumnVector>& v) { return v.transpose(); }

TEST_P(WalkthroughTest, EveryQueryAndHeadAgreesWithTheForwardPass) {
  const Case c = GetParam();
  const int heads = model_->spec().heads();
  const auto d_k = static_cast<Eigen::Index>(spec().head_dim);
  const bool causal = c.kind == core::AttentionKind::DecoderSelf;
  const core::AttentionWeights& weights = core::attention_weights(*model_, c.kind, c.layer);

  for (int h = 0; h < heads; ++h) {
    for (int i = 0; i < static_cast<int>(step("attn_in_q").rows()); ++i) {
      SCOPED_TRACE("head " + std::to_string(h) + ", query " + std::to_string(i));
      const core::Walkthrough w = core::walk_through(weights, spec(), step("attn_in_q"), step("attn_in_kv"),
                                                     {c.kind, c.layer, h, i});
      // q^1 · k^i / √d and the mask
      expect_matrix_near(row_of(w.step.alpha), scores()[h].row(i), tolerance);
      for (Eigen::Index j = 0; j < w.step.alpha.size(); ++j) EXPECT_EQ(w.step.visible[j], !causal || j <= i);
      // α̂_{1,i}
      expect_matrix_near(row_of(w.step.alpha_hat), alpha_hat()[h].row(i), tolerance);
      // b^{1,h}
      expect_matrix_near(row_of(w.step.b), step("attn_heads").row(i).segment(h * d_k, d_k), tolerance);
    }
  }
}

TEST_P(WalkthroughTest, VectorsMatrixFormAndHeadsAgreeWithTheForwardPass) {
  const Case c = GetParam();
  const int heads = model_->spec().heads();
  const auto d_k = static_cast<Eigen::Index>(spec().head_dim);
  for (int h = 0; h < heads; ++h) {
    SCOPED_TRACE("head " + std::to_string(h));
    const core::Walkthrough w = core::walk_through(*model_, source_ids_, target_ids_, {c.kind, c.layer, h, 0});
    EXPECT_EQ(w.causal_mask, c.kind == core::AttentionKind::DecoderSelf);
    EXPECT_EQ(w.cross_attention, c.kind == core::AttentionKind::DecoderCross);
    const core::StackSpec& stack = c.kind == core::AttentionKind::EncoderSelf ? model_->spec().encoder : model_->spec().decoder;
    EXPECT_EQ(w.normalised_inputs, stack.blocks.at(c.layer).layout == core::ResidualLayout::PreNorm);
    // a^i, then q^i, k^i, v^i
    expect_matrix_near(w.a_q, step("attn_in_q"), 0.0);
    expect_matrix_near(w.a_kv, step("attn_in_kv"), 0.0);
    expect_matrix_near(w.q, step("q"), tolerance);
    expect_matrix_near(w.k, step("k"), tolerance);
    expect_matrix_near(w.v, step("v"), tolerance);
    // matrix form: A = K^T Q / √d is the transposed score matrix, Â likewise, O = V Â
    expect_matrix_near(rows(w.matrix.q.transpose()), step("q").middleCols(h * d_k, d_k), tolerance);
    expect_matrix_near(rows(w.matrix.a.transpose()), scores()[h], tolerance);
    expect_matrix_near(rows(w.matrix.a_hat.transpose()), alpha_hat()[h], tolerance);
    expect_matrix_near(rows(w.matrix.o.transpose()), step("attn_heads").middleCols(h * d_k, d_k), tolerance);
    // multi-head: b^{i,h}, concatenation, W^O
    ASSERT_EQ(w.head_outputs.size(), static_cast<std::size_t>(heads));
    expect_matrix_near(w.head_outputs[h], step("attn_heads").middleCols(h * d_k, d_k), tolerance);
    expect_matrix_near(w.concatenated, step("attn_heads"), tolerance);
    core::AttentionSpec masked = spec();
    masked.mask = w.causal_mask ? core::MaskKind::Causal : core::MaskKind::None;
    const core::AttentionResult attention =
        core::multi_head_attention(step("attn_in_q"), step("attn_in_kv"), core::attention_weights(*model_, c.kind, c.layer),
                                   masked, core::AttentionCall{c.kind, c.layer, true, 0, {}, nullptr});
    expect_matrix_near(w.output, attention.output, tolerance);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Models, WalkthroughTest,
    testing::Values(Case{"torch/encdec-post-relu", core::AttentionKind::EncoderSelf, 0},
                    Case{"torch/encdec-post-relu", core::AttentionKind::EncoderSelf, 1},
                    Case{"torch/encdec-post-relu", core::AttentionKind::DecoderSelf, 1},
                    Case{"torch/encdec-post-relu", core::AttentionKind::DecoderCross, 0},
                    Case{"torch/decoder-pre-gelu-learned", core::AttentionKind::DecoderSelf, 0},
                    Case{"torch/decoder-pre-gelu-learned", core::AttentionKind::DecoderSelf, 1},
                    Case{"peer/bart-tiny-short", core::AttentionKind::EncoderSelf, 1},
                    Case{"peer/bart-tiny-short", core::AttentionKind::DecoderSelf, 0},
                    Case{"peer/bart-tiny-short", core::AttentionKind::DecoderCross, 1}),
    case_name);

TEST(WalkthroughErrors, NamesTheMissingHeadQueryOrLayer) {
  const core::Model model = core::load_model(std::string(ATTNSCOPE_TEST_DATA) + "/torch/decoder-pre-gelu-learned");
  const std::vector<int> ids = {2, 6, 14};
  const auto message = [&](const core::WalkthroughRequest& request) {
    try {
      core::walk_through(model, {}, ids, request);
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({core::AttentionKind::DecoderSelf, 0, 3, 0}), "head 3 does not exist (the layer has 3)");
  EXPECT_EQ(message({core::AttentionKind::DecoderSelf, 0, 0, 3}),
            "query token 3 does not exist (the input has 3 tokens)");
  EXPECT_EQ(message({core::AttentionKind::DecoderSelf, 2, 0, 0}),
            "decoder_self layer 2 does not exist (the model has 2)");
  EXPECT_EQ(message({core::AttentionKind::DecoderCross, 0, 0, 0}), "a decoder-only model has no cross-attention");
  EXPECT_EQ(message({core::AttentionKind::EncoderSelf, 0, 0, 0}), "the model has no encoder");
}

}  // namespace
