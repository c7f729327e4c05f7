// GGUF files written by llama.cpp's own tools (tests/fixtures/make_gguf_fixtures.py) against the
// checkpoint each was converted from, opened from safetensors:
//   - the weights: every matrix and vector equal to the source's within what the stored type keeps
//     (F32 exactly; F16/BF16 within their rounding; the quantised types within a stated RMS error),
//     which also shows that llama's permuted W^q / W^k rows were put back in order;
//   - the dump: tokens and ids identical, every attention map (with and without positions) and the
//     last position's logits within the tolerance stated per type below;
//   - the tokenizer: the ids of HuggingFace's own tokenizer (expected*.json of the source case).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/transformer.h"
#include "nn/rotary.h"

namespace {

namespace fs = std::filesystem;
const fs::path data = fs::path(ATTNSCOPE_TEST_DATA);

struct GgufCase {
  std::string gguf;        // in tests/data/gguf
  std::string source;      // the safetensors folder it was made from, relative to tests/data
  std::string texts_from;  // a hf-cases folder whose expected*.json texts and HF ids are used
  double weight_rms;       // largest relative RMS error of any weight: ‖gguf − source‖₂ / ‖source‖₂
  double attention;        // largest |Δα̂| allowed
  double logits;           // largest |Δ logit| allowed, relative to the largest |logit|
  double cosine;           // smallest cosine allowed between the two logit vectors
};

void PrintTo(const GgufCase& c, std::ostream* out) { *out << c.gguf; }

// Tolerances: F32 stores the source's values, so its passes are identical. F16 and BF16 round each
// weight once (relative 2^−11 and 2^−8); the quantised types lose more, the 4-bit ones the most
// (their weight errors are those of llama.cpp's quantiser: Q4_0 and Q4_K about 8 % RMS). Each bound
// is above the largest value measured over the case's texts, with and without positions
// (docs/model-format.md lists them), and below what a wrong layout or block decoding gives (a
// weight error of order 1).
const GgufCase cases[] = {
    {"llama-tiny-gqa.f32.gguf", "hf-cases/llama-tiny-gqa", "hf-cases/llama-tiny-gqa", 0.0, 0.0, 0.0, 1.0 - 1e-12},
    {"qwen2-tiny-bias-tied.f16.gguf", "hf-cases/qwen2-tiny-bias-tied", "hf-cases/qwen2-tiny-bias-tied", 1e-3, 1e-2,
     1e-2, 0.9999},
    {"gemma-tiny-mqa.bf16.gguf", "hf-cases/gemma-tiny-mqa", "hf-cases/gemma-tiny-mqa", 5e-3, 0.07, 0.03, 0.999},
    // F32 with rope_freqs: the weights are the source's, but ω_i / f_i and HF's blend of ω_i and ω_i / factor
    // may round differently in float32 (measured: identical on this case).
    {"llama-tiny-rope-llama3.f32.gguf", "hf-cases/llama-tiny-rope-llama3", "hf-cases/llama-tiny-rope-llama3", 0.0,
     1e-5, 1e-5, 1.0 - 1e-9},
    // linear rope scaling ×3, as the converter writes it (rope.scaling.type "linear", rope.scaling.factor)
    {"llama-tiny-rope-linear.f32.gguf", "hf-cases/llama-tiny-rope-linear", "hf-cases/llama-tiny-rope-linear", 0.0, 0.0,
     0.0, 1.0 - 1e-12},
    // Llama 3's byte-level BPE (tokenizer.ggml.pre "llama-bpe"), F32 (tests/fixtures/make_gguf_llama_bpe.py)
    {"llama-bpe-tiny.f32.gguf", "gguf/llama-bpe-tiny", "gguf/llama-bpe-tiny", 0.0, 0.0, 0.0, 1.0 - 1e-12},
    {"mistral-256.q8_0.gguf", "gguf/mistral-256", "hf-cases/llama-tiny-gqa", 0.01, 0.04, 0.08, 0.998},
    {"mistral-256.q4_0.gguf", "gguf/mistral-256", "hf-cases/llama-tiny-gqa", 0.12, 0.5, 0.8, 0.85},
    {"mistral-256.q4_k.gguf", "gguf/mistral-256", "hf-cases/llama-tiny-gqa", 0.1, 0.35, 0.5, 0.95},
};

class GgufModelTest : public ::testing::TestWithParam<GgufCase> {};

double relative_rms(const core::RowMatrix& got, const core::RowMatrix& want) {
  const double norm = want.cast<double>().norm();
  return norm == 0.0 ? (got.cast<double>() - want.cast<double>()).norm()
                     : (got.cast<double>() - want.cast<double>()).norm() / norm;
}

core::RowMatrix as_matrix(const core::WeightVector& vector) { return vector.view(); }

// Every weight of the two models, paired by role.
double largest_weight_error(const core::Model& gguf, const core::Model& source, std::string& where) {
  double worst = 0.0;
  const auto check = [&](const core::RowMatrix& got, const core::RowMatrix& want, const std::string& name) {
    if (got.rows() != want.rows() || got.cols() != want.cols()) {
      ADD_FAILURE() << name << " has shape (" << got.rows() << ", " << got.cols() << "), expected (" << want.rows()
                    << ", " << want.cols() << ")";
      return;
    }
    const double error = relative_rms(got, want);
    if (error > worst) {
      worst = error;
      where = name;
    }
  };
  const core::StackWeights& a = gguf.weights().decoder;
  const core::StackWeights& b = source.weights().decoder;
  check(a.embedding.tokens.to_f32(), b.embedding.tokens.to_f32(), "token table");
  if (a.blocks.size() != b.blocks.size()) {
    ADD_FAILURE() << a.blocks.size() << " layers, expected " << b.blocks.size();
    return 1.0;
  }
  for (std::size_t l = 0; l < a.blocks.size(); ++l) {
    const core::BlockWeights& x = a.blocks[l];
    const core::BlockWeights& y = b.blocks[l];
    const std::string layer = "layer " + std::to_string(l) + " ";
    const std::pair<const core::LinearWeights*, const core::LinearWeights*> linears[] = {
        {&x.self_attention.w_q, &y.self_attention.w_q}, {&x.self_attention.w_k, &y.self_attention.w_k},
        {&x.self_attention.w_v, &y.self_attention.w_v}, {&x.self_attention.w_o, &y.self_attention.w_o},
        {&x.feed_forward.gate, &y.feed_forward.gate},   {&x.feed_forward.up, &y.feed_forward.up},
        {&x.feed_forward.down, &y.feed_forward.down}};
    const char* names[] = {"W^q", "W^k", "W^v", "W^O", "gate", "up", "down"};
    for (std::size_t i = 0; i < std::size(linears); ++i) {
      check(linears[i].first->weight.to_f32(), linears[i].second->weight.to_f32(), layer + names[i]);
      EXPECT_EQ(linears[i].first->bias.empty(), linears[i].second->bias.empty()) << layer << names[i] << " bias";
      if (!linears[i].first->bias.empty() && !linears[i].second->bias.empty()) {
        check(as_matrix(linears[i].first->bias), as_matrix(linears[i].second->bias), layer + names[i] + " bias");
      }
    }
    // Gemma's source norm is γ with the scale (1 + γ); GGUF stores 1 + γ and reads it as is.
    const bool unit_offset = source.spec().decoder.blocks[l].norm.unit_offset;
    const auto scale = [&](const core::WeightVector& gamma) {
      core::RowMatrix values = as_matrix(gamma);
      if (unit_offset) values.array() += 1.0f;
      return values;
    };
    check(as_matrix(x.self_attention_norm.gamma), scale(y.self_attention_norm.gamma), layer + "attention norm");
    check(as_matrix(x.feed_forward_norm.gamma), scale(y.feed_forward_norm.gamma), layer + "feed-forward norm");
  }
  check(gguf.weights().output_head.projection.to_f32(), source.weights().output_head.projection.to_f32(), "output");
  return worst;
}

TEST_P(GgufModelTest, WeightsMatchTheSourceCheckpoint) {
  const GgufCase& c = GetParam();
  const core::Model gguf = core::load_model(data / "gguf" / c.gguf);
  const core::Model source = core::load_model(data / c.source);
  EXPECT_EQ(gguf.spec().d_model, source.spec().d_model);
  EXPECT_EQ(gguf.spec().decoder_layers(), source.spec().decoder_layers());
  EXPECT_EQ(gguf.spec().heads(), source.spec().heads());
  EXPECT_EQ(gguf.spec().target_vocab_size, source.spec().target_vocab_size);
  std::string where;
  const double error = largest_weight_error(gguf, source, where);
  std::cout << c.gguf << ": largest relative RMS weight error " << error << " (" << where << ")\n";
  if (c.weight_rms == 0.0) {
    EXPECT_EQ(error, 0.0) << where;
  } else {
    EXPECT_LE(error, c.weight_rms) << where;
  }
}

TEST_P(GgufModelTest, DumpMatchesTheSourceCheckpoint) {
  const GgufCase& c = GetParam();
  const core::Model gguf = core::load_model(data / "gguf" / c.gguf);
  const core::Model source = core::load_model(data / c.source);
  double worst_attention = 0.0;
  double worst_logits = 0.0;
  double worst_cosine = 1.0;
  int texts = 0;
  for (const fs::directory_entry& file : fs::directory_iterator(data / c.texts_from)) {
    const std::string name = file.path().filename().string();
    if (!name.starts_with("expected") || !name.ends_with(".json")) continue;
    std::ifstream stream(file.path());
    const nlohmann::json expected = nlohmann::json::parse(stream);
    if (!expected.contains("target_text")) continue;  // a case made from ids, not text
    const std::string text = expected["target_text"].get<std::string>();
    const core::Tokenization a = core::tokenize_input(gguf, core::InputSide::Target, text);
    const core::Tokenization b = core::tokenize_input(source, core::InputSide::Target, text);
    // The tokenizer: HuggingFace's ids for this text, and the same tokens as the source folder's.
    EXPECT_EQ(a.ids, expected["target_ids"].get<std::vector<int>>()) << name;
    EXPECT_EQ(a.tokens, b.tokens) << name;
    for (const bool positions : {true, false}) {
      core::ForwardOptions options;
      options.positional_encoding = positions;
      const core::ForwardResult x = core::forward(gguf, {}, a.ids, options);
      const core::ForwardResult y = core::forward(source, {}, b.ids, options);
      const auto& layers_x = x.trace.layers(core::AttentionKind::DecoderSelf);
      const auto& layers_y = y.trace.layers(core::AttentionKind::DecoderSelf);
      ASSERT_EQ(layers_x.size(), layers_y.size());
      for (std::size_t l = 0; l < layers_x.size(); ++l) {
        ASSERT_EQ(layers_x[l].heads.size(), layers_y[l].heads.size());
        for (std::size_t h = 0; h < layers_x[l].heads.size(); ++h) {
          worst_attention = std::max(
              worst_attention, static_cast<double>((layers_x[l].heads[h] - layers_y[l].heads[h]).cwiseAbs().maxCoeff()));
        }
      }
      const double scale = y.last_logits.cwiseAbs().maxCoeff();
      worst_logits = std::max(worst_logits, (x.last_logits - y.last_logits).cwiseAbs().maxCoeff() / scale);
      const Eigen::VectorXd u = x.last_logits.transpose().cast<double>();
      const Eigen::VectorXd v = y.last_logits.transpose().cast<double>();
      worst_cosine = std::min(worst_cosine, u.dot(v) / (u.norm() * v.norm()));
    }
    ++texts;
  }
  EXPECT_GE(texts, 3);
  std::cout << c.gguf << ": largest |Δα̂| " << worst_attention << ", largest |Δ logit| / max |logit| " << worst_logits
            << ", smallest logit cosine " << worst_cosine << " over " << texts << " texts\n";
  EXPECT_LE(worst_attention, c.attention);
  EXPECT_LE(worst_logits, c.logits);
  EXPECT_GE(worst_cosine, c.cosine);
}

TEST(GgufRopeFreqs, GiveTheFrequenciesOfTheSourcesLlama3Scaling) {
  // The converter stores Llama 3's rope scaling as one factor per frequency (rope_freqs.weight);
  // ω_i / f_i must be the ω_i HF's llama3 scaling gives the safetensors model.
  const core::Model gguf = core::load_model(data / "gguf" / "llama-tiny-rope-llama3.f32.gguf");
  const core::Model source = core::load_model(data / "hf-cases" / "llama-tiny-rope-llama3");
  const core::RotarySpec& got = gguf.spec().decoder.blocks.front().self_attention.rotary;
  const core::RotarySpec& want = source.spec().decoder.blocks.front().self_attention.rotary;
  ASSERT_EQ(got.frequency_factors.size(), 6u);
  EXPECT_EQ(got.scaling.type, core::RopeScalingType::None);
  const std::vector<float> a = core::rotary_frequencies(got, 40).omega;
  const std::vector<float> b = core::rotary_frequencies(want, 40).omega;
  ASSERT_EQ(a.size(), b.size());
  int scaled = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR(a[i], b[i], 1e-6 * b[i]) << "frequency " << i;
    if (got.frequency_factors[i] > 1.0f) ++scaled;
  }
  // The case's six frequencies take every branch: one kept, one blended, four divided by the factor 4.
  EXPECT_EQ(scaled, 5);
  EXPECT_FLOAT_EQ(got.frequency_factors.front(), 1.0f);
  EXPECT_FLOAT_EQ(got.frequency_factors.back(), 4.0f);
  EXPECT_NE(core::describe_positions(gguf.spec()).find("per-frequency factors 1–4"), std::string::npos)
      << core::describe_positions(gguf.spec());
}

INSTANTIATE_TEST_SUITE_P(Files, GgufModelTest, ::testing::ValuesIn(cases), [](const auto& info) {
  std::string name = info.param.gguf;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
});

TEST(GgufModel, SpecComesFromTheMetadata) {
  const core::Model model = core::load_model(data / "gguf" / "gemma-tiny-mqa.bf16.gguf");
  const core::ModelSpec& spec = model.spec();
  EXPECT_EQ(spec.family, "gemma");
  EXPECT_EQ(spec.architecture, core::Architecture::DecoderOnly);
  EXPECT_EQ(spec.max_positions, 128);
  const core::AttentionSpec& attention = spec.decoder.blocks.front().self_attention;
  EXPECT_EQ(attention.heads, 4);
  EXPECT_EQ(attention.kv_heads, 1);
  EXPECT_EQ(attention.head_dim, 16);
  EXPECT_FLOAT_EQ(spec.decoder.embedding.scale, std::sqrt(32.0f));
  // bfloat16 matrices stay bfloat16 (the kernels read them); norms are float32.
  EXPECT_EQ(model.weights().decoder.blocks.front().feed_forward.up.weight.type, core::ScalarType::BF16);
  EXPECT_TRUE(model.tensors().unused.empty());
}

// attnscope-cli takes a .gguf file wherever it takes a model folder.
TEST(GgufModel, CliOpensAGgufFile) {
  const std::string file = test::shell_quoted((data / "gguf" / "llama-tiny-gqa.f32.gguf").string());
  const test::CommandResult info = test::run_cli("info " + file);
  ASSERT_EQ(info.status, 0) << info.errors;
  EXPECT_NE(info.output.find("family:              llama"), std::string::npos) << info.output;

  const test::CommandResult tokens = test::run_cli("tokenize --model " + file + " --text 'The keeper wrote a letter every winter.'");
  ASSERT_EQ(tokens.status, 0) << tokens.errors;
  EXPECT_NE(tokens.output.find("\"ids\":[1,349,558,443,265,400,385,263,419,265,352,280,379,265,600]"), std::string::npos)
      << tokens.output;

  const test::CommandResult dump = test::run_cli("dump --model " + file + " --text 'The keeper wrote a letter.'");
  ASSERT_EQ(dump.status, 0) << dump.errors;
  EXPECT_NE(dump.output.find("\"logits\""), std::string::npos);

  const test::CommandResult broken = test::run_cli("info " + test::shell_quoted((data / "gguf" / "mistral-256" / "config.json").string() + ".gguf"));
  EXPECT_NE(broken.status, 0);
  EXPECT_NE(broken.errors.find("config.json.gguf"), std::string::npos) << broken.errors;
}

// tokenize reads a GGUF file's tokenizer without its weights, so a vocabulary-only file works, and
// --memory-budget bounds what opening a GGUF model allocates.
TEST(GgufModel, CliTokenizesAVocabularyOnlyFileAndAppliesTheBudgetToOpening) {
  const std::string vocab = test::shell_quoted((data / "gguf" / "vocab-llama-bpe.gguf").string());
  const test::CommandResult tokens = test::run_cli("tokenize --model " + vocab + " --text 'Tiếng Việt 123456789'");
  ASSERT_EQ(tokens.status, 0) << tokens.errors;
  EXPECT_NE(tokens.output.find(R"("tokens":["Ti","áº¿","ng","ĠViá»ĩt","Ġ","123","456","789"])"), std::string::npos)
      << tokens.output;

  const std::string q4 = test::shell_quoted((data / "gguf" / "mistral-256.q4_k.gguf").string());
  const test::CommandResult refused = test::run_cli("dump --model " + q4 + " --text 'a b' --memory-budget 100K");
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.errors.find("mistral-256.q4_k.gguf: opening it needs about"), std::string::npos) << refused.errors;
  EXPECT_NE(refused.errors.find("but the memory budget is 100.0 KiB"), std::string::npos) << refused.errors;
}

}  // namespace
