// The bundled models/tang-poems (char-lm over 唐詩三百首, models/tang-poems/README.md) opens as the
// app opens it and reads the lecture's line 海內存知己，天涯若比鄰 as its card says: every
// character is in its vocabulary, and the head the card names as the most local one keeps that
// pattern on the line.
#include <gtest/gtest.h>

#include <algorithm>

#include "analysis/head_analysis.h"
#include "analysis/verse_lines.h"
#include "families/load_model.h"
#include "model/model.h"
#include "model/model_input.h"
#include "model/transformer.h"

namespace {

const std::filesystem::path models = ATTNSCOPE_MODELS;
constexpr const char* couplet = "海內存知己，天涯若比鄰";

struct CoupletPass {
  core::Tokenization tokens;
  core::ForwardResult result;
};

CoupletPass read_couplet(const core::Model& model) {
  CoupletPass pass;
  pass.tokens = core::tokenize_input(model, core::InputSide::Target, couplet);
  pass.result = core::forward(model, {}, pass.tokens.ids);
  return pass;
}

TEST(TangPoemsModel, OpensAsADecoderOnlyModelUnder10MB) {
  const std::filesystem::path folder = models / "tang-poems";
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) bytes += entry.file_size();
  EXPECT_LT(bytes, 10u * 1000 * 1000);
  const core::Model model = core::load_model(folder);
  EXPECT_FALSE(model.spec().has_encoder());
  EXPECT_EQ(model.spec().decoder.layers(), 2);
}

TEST(TangPoemsModel, ReadsTheCoupletWithoutUnknownCharacters) {
  const core::Model model = core::load_model(models / "tang-poems");
  const CoupletPass pass = read_couplet(model);
  // <s> and the eleven characters
  ASSERT_EQ(pass.tokens.size(), 12u);
  EXPECT_EQ(pass.tokens.tokens[1], "海");
  EXPECT_EQ(pass.tokens.tokens[11], "鄰");
  for (const bool unknown : pass.tokens.unknown) EXPECT_FALSE(unknown);
  const core::VerseLines lines = core::verse_lines(pass.tokens.tokens);
  EXPECT_EQ(lines.starts, (std::vector<int>{1, 7}));
}

TEST(TangPoemsModel, LayerZeroHeadZeroIsTheMostLocalHeadOnTheCouplet) {
  const core::Model model = core::load_model(models / "tang-poems");
  const CoupletPass pass = read_couplet(model);
  const std::vector<core::LayerAttention>& layers = pass.result.trace.layers(core::AttentionKind::DecoderSelf);
  ASSERT_EQ(layers.size(), 2u);
  const std::vector<int> sinks = core::sink_positions(pass.tokens);
  double best_local = -1.0;
  std::pair<int, int> most_local;
  double best_previous = -1.0;
  std::pair<int, int> most_previous;
  for (int l = 0; l < 2; ++l) {
    for (int h = 0; h < 4; ++h) {
      const core::HeadMetrics metrics = core::compute_head_metrics(
          layers[static_cast<std::size_t>(l)].heads[static_cast<std::size_t>(h)], core::AttentionKind::DecoderSelf, sinks);
      if (*metrics.local_mass > best_local) {
        best_local = *metrics.local_mass;
        most_local = {l, h};
      }
      if (*metrics.previous_token > best_previous) {
        best_previous = *metrics.previous_token;
        most_previous = {l, h};
      }
    }
  }
  // the card: 64 % of its weight within two characters, 32 % on the previous one, both the most of
  // the eight heads
  EXPECT_EQ(most_local, (std::pair<int, int>{0, 0}));
  EXPECT_EQ(most_previous, (std::pair<int, int>{0, 0}));
  EXPECT_GT(best_local, 0.6);
  EXPECT_GT(best_previous, 0.3);
}

TEST(TangPoemsModel, NoHeadReadsTheSameColumnOfThePreviousLine) {
  // The card reports that training on 282 poems did not reach a previous-line head: on the couplet
  // no head puts even a third of its weight where 天 meets 海, 涯 meets 內, …
  const core::Model model = core::load_model(models / "tang-poems");
  const CoupletPass pass = read_couplet(model);
  const core::VerseLines lines = core::verse_lines(pass.tokens.tokens);
  for (const core::LayerAttention& layer : pass.result.trace.layers(core::AttentionKind::DecoderSelf)) {
    for (const core::RowMatrix& alpha_hat : layer.heads) EXPECT_LT(core::previous_line_score(alpha_hat, lines), 1.0 / 3);
  }
}

}  // namespace
