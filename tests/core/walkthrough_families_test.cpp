// The classroom walkthrough recomputes one attention layer the lecture's way (one vector at a
// time) for every family the core opens: grouped-query heads, rotary positions, T5's relative
// bias, ALiBi, sliding windows and soft-capping must give the forward pass's α̂ and output.

#include <gtest/gtest.h>

#include <string>

#include "classroom/walkthrough.h"
#include "families/load_model.h"
#include "model/transformer.h"
#include "test_support.h"

namespace {

struct FamilyCase {
  const char* folder;  // under tests/data/hf-cases
  core::AttentionKind kind;
  int layer;
};

class WalkthroughFamilies : public ::testing::TestWithParam<FamilyCase> {};

TEST_P(WalkthroughFamilies, EveryHeadAndQueryMatchesTheForwardPass) {
  const FamilyCase c = GetParam();
  const core::Model model = core::load_model(std::string(ATTNSCOPE_TEST_DATA) + "/hf-cases/" + c.folder);
  const std::vector<int> source = model.spec().has_encoder() ? std::vector<int>{5, 9, 14, 3, 22, 7, 1} : std::vector<int>{};
  const std::vector<int> target = model.spec().has_decoder() ? std::vector<int>{1, 17, 4, 30, 12, 8, 25, 6} : std::vector<int>{};
  for (const bool positional_encoding : {true, false}) {
    core::ForwardOptions options;
    options.positional_encoding = positional_encoding;
    options.record = {{c.kind, c.layer}};
    const core::ForwardResult pass = core::forward(model, source, target, options);
    const std::vector<core::RowMatrix>& alpha_hat = *pass.record.find_heads(c.kind, c.layer, "alpha_hat");
    const int heads = model.spec().attention(c.kind, c.layer).heads;
    for (int h = 0; h < heads; ++h) {
      for (int query = 0; query < alpha_hat[h].rows(); ++query) {
        SCOPED_TRACE("head " + std::to_string(h) + " query " + std::to_string(query) + (positional_encoding ? "" : " no PE"));
        const core::Walkthrough w =
            core::walk_through(model, source, target, {c.kind, c.layer, h, query}, positional_encoding);
        const core::RowMatrix row = w.step.alpha_hat.transpose();
        expect_matrix_near(row, alpha_hat[h].row(query), 1e-5);
        if (h == 0 && query == 0) expect_matrix_near(w.output, *pass.record.find(c.kind, c.layer, "attn_out"), 1e-4);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, WalkthroughFamilies,
    ::testing::Values(FamilyCase{"llama-tiny-gqa", core::AttentionKind::DecoderSelf, 1},
                      FamilyCase{"llama-tiny-bias", core::AttentionKind::DecoderSelf, 0},
                      FamilyCase{"gemma2-tiny-softcap", core::AttentionKind::DecoderSelf, 0},
                      FamilyCase{"mistral-tiny-swa", core::AttentionKind::DecoderSelf, 1},
                      FamilyCase{"gpt-neox-tiny-parallel", core::AttentionKind::DecoderSelf, 1},
                      FamilyCase{"bloom-tiny-alibi6", core::AttentionKind::DecoderSelf, 1},
                      FamilyCase{"t5-tiny-gated", core::AttentionKind::EncoderSelf, 1},
                      FamilyCase{"t5-tiny-gated", core::AttentionKind::DecoderSelf, 2},
                      FamilyCase{"t5-tiny-gated", core::AttentionKind::DecoderCross, 0},
                      FamilyCase{"roberta-tiny-mlm", core::AttentionKind::EncoderSelf, 1}),
    [](const ::testing::TestParamInfo<FamilyCase>& info) {
      std::string name = std::string(info.param.folder) + "_" + core::to_string(info.param.kind) + "_" +
                         std::to_string(info.param.layer);
      for (char& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name;
    });

}  // namespace
