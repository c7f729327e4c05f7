// The core against an independent float64 PyTorch forward pass
// (tests/fixtures/make_torch_fixtures.py writes tests/data/torch/<name>/; its docstring
// describes expected.json). Each model folder is loaded with the real loader, so a wrong tensor
// name or a transposed weight shows up here as well as a wrong formula.

#include <gtest/gtest.h>

#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "families/load_model.h"
#include "nn/attention.h"
#include "nn/block.h"
#include "nn/embedding.h"
#include "nn/recorder.h"
#include "model/model.h"
#include "test_support.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace {

using nlohmann::json;

// The reference is float64 with the same float32 weights; the core's own float32 rounding over
// two or three layers stays around 1e-6, so 1e-4 only fails on a real difference.
constexpr double tolerance = 1e-4;

core::RowMatrix matrix_from_json(const json& rows) {
  const auto row_count = static_cast<Eigen::Index>(rows.size());
  const auto col_count = row_count == 0 ? Eigen::Index{0} : static_cast<Eigen::Index>(rows[0].size());
  core::RowMatrix matrix(row_count, col_count);
  for (Eigen::Index i = 0; i < row_count; ++i) {
    for (Eigen::Index j = 0; j < col_count; ++j) {
      const json& value = rows[i][j];
      // JSON has no -infinity: the generator writes a masked score as null.
      matrix(i, j) = value.is_null() ? -std::numeric_limits<float>::infinity() : value.get<float>();
    }
  }
  return matrix;
}

core::RowMatrix row_from_json(const json& values) {
  core::RowMatrix row(1, static_cast<Eigen::Index>(values.size()));
  for (Eigen::Index j = 0; j < row.cols(); ++j) row(0, j) = values[j].get<float>();
  return row;
}

core::AttentionKind kind_from_string(const std::string& kind) {
  if (kind == "encoder_self") return core::AttentionKind::EncoderSelf;
  if (kind == "decoder_self") return core::AttentionKind::DecoderSelf;
  return core::AttentionKind::DecoderCross;
}

const core::AttentionWeights& attention_weights(const core::ModelWeights& weights, core::AttentionKind kind,
                                                int layer) {
  switch (kind) {
    case core::AttentionKind::EncoderSelf:
      return weights.encoder.blocks.at(layer).self_attention;
    case core::AttentionKind::DecoderSelf:
      return weights.decoder.blocks.at(layer).self_attention;
    case core::AttentionKind::DecoderCross:
      break;
  }
  return weights.decoder.blocks.at(layer).cross_attention;
}

// expected: [head][query][key] for one layer.
void expect_heads_near(const std::vector<core::RowMatrix>& got, const json& expected) {
  ASSERT_EQ(got.size(), expected.size()) << "number of heads";
  for (std::size_t h = 0; h < got.size(); ++h) {
    SCOPED_TRACE("head " + std::to_string(h));
    expect_matrix_near(got[h], matrix_from_json(expected[h]), tolerance);
  }
}

// expected: {"encoder_self": [layer][head][query][key], "decoder_self": …, "decoder_cross": …}.
void expect_trace_near(const core::AttentionTrace& trace, const json& expected) {
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    const std::string name = core::to_string(kind);
    const json& layers = expected.at(name);
    ASSERT_EQ(trace.layers(kind).size(), layers.size()) << "number of " << name << " layers";
    for (std::size_t l = 0; l < layers.size(); ++l) {
      SCOPED_TRACE(name + " layer " + std::to_string(l));
      expect_heads_near(trace.layers(kind)[l].heads, layers[l]);
    }
  }
}

// Everything the walkthrough shows for one attention call, as the recorder holds it: its inputs,
// Q, K, V, the scores α (masked entries -infinity on both sides) and the heads before W^O.
// The reference's names on the left, the recorder's on the right.
void expect_detail_near(const core::Recorder& record, core::AttentionKind kind, int layer, const json& want) {
  const std::vector<std::pair<const char*, const char*>> matrices = {
      {"input_queries", "attn_in_q"},
      {"input_keys_values", "attn_in_kv"},
      {"q", "q"},
      {"k", "k"},
      {"v", "v"},
      {"heads_concatenated", "attn_heads"},
  };
  for (const auto& [name, step] : matrices) {
    SCOPED_TRACE(name);
    const core::RowMatrix* got = record.find(kind, layer, step);
    ASSERT_NE(got, nullptr) << step << " was not recorded";
    expect_matrix_near(*got, matrix_from_json(want.at(name)), tolerance);
  }
  SCOPED_TRACE("scores");
  const std::vector<core::RowMatrix>* scores = record.find_heads(kind, layer, "scores");
  ASSERT_NE(scores, nullptr) << "scores were not recorded";
  expect_heads_near(*scores, want.at("scores"));
}

class TorchReferenceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string folder = std::string(ATTNSCOPE_TEST_DATA) + "/torch/" + GetParam();
    std::ifstream file(folder + "/expected.json");
    ASSERT_TRUE(file) << folder << "/expected.json is missing; run tests/fixtures/make_torch_fixtures.py";
    expected_ = json::parse(file);
    source_ids_ = expected_.at("source_ids").get<std::vector<int>>();
    target_ids_ = expected_.at("target_ids").get<std::vector<int>>();
    ASSERT_NO_THROW(model_.emplace(core::load_model(folder)));
  }

  const core::ModelSpec& config() const { return model_->spec(); }
  const core::ModelWeights& weights() const { return model_->weights(); }

  core::ForwardResult run_forward(const core::ForwardOptions& options = {}) const {
    return core::forward(*model_, source_ids_, target_ids_, options);
  }

  std::optional<core::Model> model_;
  json expected_;
  std::vector<int> source_ids_;
  std::vector<int> target_ids_;
};

TEST_P(TorchReferenceTest, EmbeddingMatches) {
  const json& embedding = expected_.at("embedding");
  if (config().has_encoder()) {
    SCOPED_TRACE("encoder");
    const core::EmbeddingWeights& table = weights().encoder.embedding;
    const core::EmbeddingSpec& spec = config().encoder.embedding;
    expect_matrix_near(core::embed(source_ids_, table, spec, true), matrix_from_json(embedding.at("encoder")),
                       tolerance);
    expect_matrix_near(core::embed(source_ids_, table, spec, false),
                       matrix_from_json(embedding.at("encoder_no_pe")), tolerance);
  }
  if (config().has_decoder()) {
    SCOPED_TRACE("decoder");
    const core::EmbeddingWeights& table = weights().decoder.embedding;
    const core::EmbeddingSpec& spec = config().decoder.embedding;
    expect_matrix_near(core::embed(target_ids_, table, spec, true), matrix_from_json(embedding.at("decoder")),
                       tolerance);
    expect_matrix_near(core::embed(target_ids_, table, spec, false),
                       matrix_from_json(embedding.at("decoder_no_pe")), tolerance);
  }
}

// One attention call on exactly the input the reference gave it, so a mismatch here is in
// multi_head_attention itself, not in the layers around it.
TEST_P(TorchReferenceTest, MultiHeadAttentionMatches) {
  for (const json& want : expected_.at("detail")) {
    const std::string kind_name = want.at("kind").get<std::string>();
    const int layer = want.at("layer").get<int>();
    SCOPED_TRACE(kind_name + " layer " + std::to_string(layer));
    const core::AttentionKind kind = kind_from_string(kind_name);
    const core::AttentionSpec& spec = config().attention(kind, layer);
    EXPECT_EQ(spec.mask, kind == core::AttentionKind::DecoderSelf ? core::MaskKind::Causal : core::MaskKind::None);

    core::Recorder record;
    record.want(kind, layer);
    const core::AttentionResult result =
        core::multi_head_attention(matrix_from_json(want.at("input_queries")),
                                   matrix_from_json(want.at("input_keys_values")),
                                   attention_weights(weights(), kind, layer), spec,
                                   core::AttentionCall{kind, layer, true, 0, {}, &record});

    {
      SCOPED_TRACE("output");
      expect_matrix_near(result.output, matrix_from_json(want.at("output")), tolerance);
    }
    {
      SCOPED_TRACE("alpha_hat");
      expect_heads_near(result.alpha_hat, expected_.at("attention").at(kind_name).at(layer));
    }
    expect_detail_near(record, kind, layer, want);
  }
}

TEST_P(TorchReferenceTest, EncoderLayersMatch) {
  if (!config().has_encoder()) GTEST_SKIP() << "no encoder";
  const json& layers = expected_.at("encoder_layers");
  ASSERT_EQ(weights().encoder.blocks.size(), layers.size());
  for (std::size_t l = 0; l < layers.size(); ++l) {
    SCOPED_TRACE("encoder layer " + std::to_string(l));
    const int layer = static_cast<int>(l);
    const core::BlockResult result = core::transformer_block(
        matrix_from_json(layers[l].at("input")), core::RowMatrix(0, config().d_model), weights().encoder.blocks[l],
        config().encoder.blocks.at(l), core::BlockCall{core::AttentionKind::EncoderSelf, layer, true, {}, {}, nullptr});
    expect_matrix_near(result.output, matrix_from_json(layers[l].at("output")), tolerance);
    expect_heads_near(result.self_alpha_hat, expected_.at("attention").at("encoder_self").at(l));
    EXPECT_TRUE(result.cross_alpha_hat.empty());
  }
}

TEST_P(TorchReferenceTest, DecoderLayersMatch) {
  if (!config().has_decoder()) GTEST_SKIP() << "no decoder";
  // Cross-attention reads what the encoder stack hands on (after its final LayerNorm when pre-LN).
  const core::RowMatrix encoder_output = config().has_encoder()
                                             ? matrix_from_json(expected_.at("encoder_output"))
                                             : core::RowMatrix(0, config().d_model);
  const json& layers = expected_.at("decoder_layers");
  ASSERT_EQ(weights().decoder.blocks.size(), layers.size());
  for (std::size_t l = 0; l < layers.size(); ++l) {
    SCOPED_TRACE("decoder layer " + std::to_string(l));
    const int layer = static_cast<int>(l);
    const core::BlockResult result = core::transformer_block(
        matrix_from_json(layers[l].at("input")), encoder_output, weights().decoder.blocks[l],
        config().decoder.blocks.at(l), core::BlockCall{core::AttentionKind::DecoderSelf, layer, true, {}, {}, nullptr});
    expect_matrix_near(result.output, matrix_from_json(layers[l].at("output")), tolerance);
    {
      SCOPED_TRACE("self-attention");
      expect_heads_near(result.self_alpha_hat, expected_.at("attention").at("decoder_self").at(l));
    }
    SCOPED_TRACE("cross-attention");
    if (config().has_encoder()) {
      expect_heads_near(result.cross_alpha_hat, expected_.at("attention").at("decoder_cross").at(l));
    } else {
      EXPECT_TRUE(result.cross_alpha_hat.empty());
    }
  }
}

TEST_P(TorchReferenceTest, ForwardTraceMatches) {
  const core::ForwardResult result = run_forward();
  expect_trace_near(result.trace, expected_.at("attention"));
  if (config().has_encoder()) {
    SCOPED_TRACE("encoder_output");
    expect_matrix_near(result.encoder_output, matrix_from_json(expected_.at("encoder_output")), tolerance);
  }
  if (config().has_decoder()) {
    SCOPED_TRACE("decoder_output");
    expect_matrix_near(result.decoder_output, matrix_from_json(expected_.at("decoder_output")), tolerance);
  }
}

TEST_P(TorchReferenceTest, ForwardWithoutPositionalEncodingMatches) {
  const core::ForwardResult result = run_forward({.positional_encoding = false, .record = {}});
  expect_trace_near(result.trace, expected_.at("attention_no_pe"));
}

TEST_P(TorchReferenceTest, ForwardDetailMatches) {
  for (const json& want : expected_.at("detail")) {
    const std::string kind_name = want.at("kind").get<std::string>();
    const int layer = want.at("layer").get<int>();
    SCOPED_TRACE(kind_name + " layer " + std::to_string(layer));

    const core::AttentionKind kind = kind_from_string(kind_name);
    const core::ForwardResult result = run_forward({.record = {core::LayerRef{kind, layer}}});
    expect_detail_near(result.record, kind, layer, want);
  }
}

TEST_P(TorchReferenceTest, LastLogitsMatch) {
  const core::ForwardResult result = run_forward();
  const json& want = expected_.at("logits_last");
  if (want.is_null()) {
    EXPECT_EQ(result.last_logits.size(), 0) << "an encoder-only model has no output head";
    return;
  }
  expect_matrix_near(result.last_logits, row_from_json(want), tolerance);
}

INSTANTIATE_TEST_SUITE_P(Torch, TorchReferenceTest,
                         ::testing::Values("encdec-post-relu", "decoder-pre-gelu-learned", "encoder-post-gelu-halves",
                                           "encdec-pre-silu-none"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
