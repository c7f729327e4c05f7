// A whole llama-family GGUF model with Llama 3's byte-level BPE vocabulary (tokenizer.ggml.pre
// "llama-bpe"), against what HuggingFace v4.43.4 computes on the same weights from safetensors
// (tests/fixtures/make_gguf_llama_bpe.py wrote the model with HF, hf_reference.py the expected-N.json
// files, and llama.cpp's convert_hf_to_gguf.py the .gguf file). For each text: the tokens and ids are
// HF's (which are also the real Llama 3 tokenizer's for these texts), and every α̂, with and without
// positions, and the last position's logits are within 1e-4, as for every other HF reference case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "families/load_model.h"
#include "model/model_input.h"
#include "model/transformer.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path data = fs::path(ATTNSCOPE_TEST_DATA) / "gguf";
constexpr double tolerance = 1e-4;

core::RowMatrix matrix_from(const json& rows) {
  core::RowMatrix m(static_cast<Eigen::Index>(rows.size()), rows.empty() ? 0 : static_cast<Eigen::Index>(rows[0].size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rows[i][j].get<float>();
  }
  return m;
}

std::vector<fs::path> expected_files() {
  std::vector<fs::path> files;
  for (const fs::directory_entry& file : fs::directory_iterator(data / "llama-bpe-tiny")) {
    const std::string name = file.path().filename().string();
    if (name.starts_with("expected") && name.ends_with(".json")) files.push_back(file.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(GgufLlamaBpe, TheFileSaysWhatItIs) {
  const core::Model model = core::load_model(data / "llama-bpe-tiny.f32.gguf");
  EXPECT_EQ(model.spec().family, "llama");
  EXPECT_EQ(model.spec().target_vocab_size, 818);
  EXPECT_EQ(model.spec().decoder_layers(), 2);
  const core::AttentionSpec& attention = model.spec().decoder.blocks.front().self_attention;
  EXPECT_EQ(attention.heads, 4);
  EXPECT_EQ(attention.kv_heads, 2);
  EXPECT_FLOAT_EQ(attention.rotary.theta, 500000.0f);
}

TEST(GgufLlamaBpe, TokensAttentionAndLogitsMatchHuggingFace) {
  const core::Model model = core::load_model(data / "llama-bpe-tiny.f32.gguf");
  const std::vector<fs::path> files = expected_files();
  ASSERT_GE(files.size(), 5u);
  bool digits = false;
  bool control = false;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    std::ifstream in(file);
    const json expected = json::parse(in);
    const std::string text = expected.at("target_text").get<std::string>();
    digits = digits || std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    control = control || text.find("<|begin_of_text|>") != std::string::npos;

    const core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Target, text);
    EXPECT_EQ(tokens.ids, expected.at("target_ids").get<std::vector<int>>());
    EXPECT_EQ(tokens.tokens, expected.at("target_tokens").get<std::vector<std::string>>());

    for (const bool positions : {true, false}) {
      core::ForwardOptions options;
      options.positional_encoding = positions;
      const core::ForwardResult pass = core::forward(model, {}, tokens.ids, options);
      const json& layers = expected.at(positions ? "attention" : "attention_no_pe").at("decoder_self");
      const std::vector<core::LayerAttention>& got = pass.trace.layers(core::AttentionKind::DecoderSelf);
      ASSERT_EQ(got.size(), layers.size());
      for (std::size_t l = 0; l < got.size(); ++l) {
        ASSERT_EQ(got[l].heads.size(), layers[l].size());
        for (std::size_t h = 0; h < got[l].heads.size(); ++h) {
          SCOPED_TRACE((positions ? "with positions, layer " : "without positions, layer ") + std::to_string(l) +
                       " head " + std::to_string(h));
          expect_matrix_near(got[l].heads[h], matrix_from(layers[l][h]), tolerance);
        }
      }
      if (!positions) continue;
      // |got − want| / max(1, |want|) ≤ 1e-4 for every logit of the last position
      const json& want = expected.at("logits");
      ASSERT_EQ(static_cast<std::size_t>(pass.last_logits.size()), want.size());
      double worst = 0.0;
      for (std::size_t i = 0; i < want.size(); ++i) {
        const double w = want[i].get<double>();
        worst = std::max(worst, std::abs(pass.last_logits(static_cast<Eigen::Index>(i)) - w) / std::max(1.0, std::abs(w)));
      }
      EXPECT_LE(worst, tolerance);
    }
  }
  // the texts cover Llama 3's digit runs and a control token typed in the text
  EXPECT_TRUE(digits);
  EXPECT_TRUE(control);
}
