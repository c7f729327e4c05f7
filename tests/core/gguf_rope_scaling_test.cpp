// A GGUF file's rope scaling when the metadata's kind (rope.scaling.type) and the per-frequency
// factors (the rope_freqs tensor) are both present. HF applies its scaling to θ^(−2i/d) first, and
// llama.cpp divides what comes out by f_i, so
//   linear:  ω_i = θ^(−2i/d) / s / f_i      (positions divided by s, HF's linear scaling)
//   YaRN:    ω_i = yarn(θ^(−2i/d)) / f_i    (HF v4.43's ramp between ω_i / s and ω_i; cos, sin × (0.1 ln s + 1))
// Linear: the committed llama-tiny-rope-llama3.f32.gguf (rope_freqs from the converter, factors
// 1 … 4) with the linear keys added, so every other part of the model is what the converter wrote;
// checked against a float64 reference of the formula, angle by angle, and on a whole pass.
// YaRN: llama-tiny-rope-yarn.f32.gguf (the converter writes no YaRN keys for a llama model) with
// the keys gguf-py names added; alone it is checked against HuggingFace's own pass on the same
// weights (hf-cases/llama-tiny-rope-yarn/expected*.json), and with a rope_freqs tensor against a
// float64 reference of HF's YaRN formula divided by f_i.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "families/load_model.h"
#include "gguf_writer.h"
#include "model/model_input.h"
#include "model/transformer.h"
#include "nn/rotary.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
const fs::path data = fs::path(ATTNSCOPE_TEST_DATA);
const fs::path llama3_file = data / "gguf" / "llama-tiny-rope-llama3.f32.gguf";
const fs::path yarn_file = data / "gguf" / "llama-tiny-rope-yarn.f32.gguf";
const fs::path yarn_case = data / "hf-cases" / "llama-tiny-rope-yarn";

// llama-tiny-rope-yarn.f32.gguf with YaRN ×4 (the case's config.json), and rope_freqs when factors are given.
fs::path with_yarn(const fs::path& folder, const std::vector<float>& factors = {}) {
  gguf_test::Contents contents = gguf_test::read(yarn_file);
  contents.metadata.push_back({"llama.rope.scaling.type", gguf_test::string_value("yarn")});
  contents.metadata.push_back({"llama.rope.scaling.factor", gguf_test::number_value(core::GgufValueType::Float32, 4)});
  contents.metadata.push_back(
      {"llama.rope.scaling.original_context_length", gguf_test::number_value(core::GgufValueType::Uint32, 64)});
  if (!factors.empty()) {
    contents.tensors.push_back({"rope_freqs.weight", {static_cast<std::int64_t>(factors.size())}, 0,
                                std::string(reinterpret_cast<const char*>(factors.data()), factors.size() * sizeof(float))});
  }
  const fs::path path = folder / "model.gguf";
  gguf_test::write(path, gguf_test::serialize(contents));
  return path;
}

core::RowMatrix matrix_from(const nlohmann::json& rows) {
  core::RowMatrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.at(0).size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = rows[i][j].get<float>();
  }
  return m;
}

// The fixture with rope.scaling.type = linear and factor s added (its rope_freqs kept).
fs::path with_linear_scaling(const fs::path& folder, float factor) {
  gguf_test::Contents contents = gguf_test::read(llama3_file);
  contents.metadata.push_back({"llama.rope.scaling.type", gguf_test::string_value("linear")});
  contents.metadata.push_back(
      {"llama.rope.scaling.factor", gguf_test::number_value(core::GgufValueType::Float32, factor)});
  const fs::path path = folder / "model.gguf";
  gguf_test::write(path, gguf_test::serialize(contents));
  return path;
}

const core::RotarySpec& rotary_of(const core::Model& model) {
  return model.spec().decoder.blocks.front().self_attention.rotary;
}

class GgufRopeScaling : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("attnscope-rope-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_ / "a");
    fs::create_directories(folder_ / "b");
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path folder_;
};

}  // namespace

TEST_F(GgufRopeScaling, LinearWithRopeFreqsGivesTheFloat64Angles) {
  const float s = 2.5f;
  const core::Model model = core::load_model(with_linear_scaling(folder_ / "a", s));
  const core::RotarySpec& rotary = rotary_of(model);
  ASSERT_EQ(rotary.scaling.type, core::RopeScalingType::Linear);
  EXPECT_FLOAT_EQ(rotary.scaling.factor, s);
  ASSERT_EQ(rotary.frequency_factors.size(), 6u);
  // the context the file states (128) stretched by the factor, as for linear scaling alone
  EXPECT_EQ(model.spec().max_positions, 320);
  EXPECT_EQ(core::describe_positions(model.spec()), "rotary θ = 200, linear ×2.5, per-frequency factors 1–4");

  const int pairs = 6;
  const double theta = 200.0;
  const double d = 2.0 * pairs;
  const std::vector<float> omega = core::rotary_frequencies(rotary, model.spec().max_positions).omega;
  ASSERT_EQ(omega.size(), std::size_t(pairs));
  const core::RotaryTable table = core::rotary_table(rotary, 0, model.spec().max_positions, model.spec().max_positions);
  double worst_angle = 0.0;
  for (int i = 0; i < pairs; ++i) {
    // ω_i = θ^(−2i/d) / s / f_i in float64
    const double want = std::pow(theta, -2.0 * i / d) / s / rotary.frequency_factors[std::size_t(i)];
    EXPECT_NEAR(omega[std::size_t(i)], want, 1e-6 * want) << "frequency " << i;
    for (int p = 0; p < model.spec().max_positions; ++p) {
      // cos(p ω_i), sin(p ω_i): float32 angles up to 320 rad keep about 3e-5 absolute
      worst_angle = std::max({worst_angle, std::abs(table.cos(p, i) - std::cos(p * want)),
                              std::abs(table.sin(p, i) - std::sin(p * want))});
    }
  }
  EXPECT_LE(worst_angle, 1e-4);
}

// The order does not matter to the product, so the pass equals the one of a file whose factors are
// s · f_i and that has no linear scaling (the same ω_i, one division fewer): every α̂ and the logits.
TEST_F(GgufRopeScaling, LinearWithRopeFreqsComputesTheSamePassAsTheFoldedFactors) {
  const float s = 2.0f;  // a power of two: ω_i / 2 / f_i and ω_i / (2 f_i) are the same float
  const core::Model linear = core::load_model(with_linear_scaling(folder_ / "a", s));
  std::vector<float> folded_factors = rotary_of(linear).frequency_factors;
  for (float& f : folded_factors) f *= s;
  // the folded file keeps llama3's context (no linear key), so its positions stop at 128
  gguf_test::Contents contents = gguf_test::read(llama3_file);
  contents.tensor("rope_freqs.weight")
      ->bytes.assign(reinterpret_cast<const char*>(folded_factors.data()), folded_factors.size() * sizeof(float));
  const fs::path folded_path = folder_ / "b" / "model.gguf";
  gguf_test::write(folded_path, gguf_test::serialize(contents));
  const core::Model folded = core::load_model(folded_path);

  EXPECT_EQ(core::rotary_frequencies(rotary_of(linear), 64).omega, core::rotary_frequencies(rotary_of(folded), 64).omega);
  std::vector<int> ids;
  for (int t = 0; t < 100; ++t) ids.push_back(3 + (t * 37) % 600);
  const core::ForwardResult a = core::forward(linear, {}, ids);
  const core::ForwardResult b = core::forward(folded, {}, ids);
  ASSERT_EQ(a.trace.decoder_self.size(), b.trace.decoder_self.size());
  for (std::size_t l = 0; l < a.trace.decoder_self.size(); ++l) {
    for (std::size_t h = 0; h < a.trace.decoder_self[l].heads.size(); ++h) {
      EXPECT_EQ(a.trace.decoder_self[l].heads[h], b.trace.decoder_self[l].heads[h]) << "layer " << l << " head " << h;
    }
  }
  EXPECT_EQ(a.last_logits, b.last_logits);
  // …and differs from the file without the linear key: the scaling is used, not only read
  const core::Model plain = core::load_model(llama3_file);
  const core::ForwardResult c = core::forward(plain, {}, ids);
  EXPECT_GT((a.trace.decoder_self[0].heads[0] - c.trace.decoder_self[0].heads[0]).cwiseAbs().maxCoeff(), 1e-3f);
}

TEST_F(GgufRopeScaling, YarnIsReadAsHuggingFaceReadsTheSameModel) {
  const core::Model gguf = core::load_model(with_yarn(folder_ / "a"));
  const core::Model source = core::load_model(yarn_case);
  const core::RopeScaling& got = rotary_of(gguf).scaling;
  const core::RopeScaling& want = rotary_of(source).scaling;
  EXPECT_EQ(got.type, core::RopeScalingType::Yarn);
  EXPECT_EQ(got.factor, want.factor);
  EXPECT_EQ(got.max_positions, want.max_positions);
  EXPECT_EQ(got.beta_fast, want.beta_fast);
  EXPECT_EQ(got.beta_slow, want.beta_slow);
  EXPECT_EQ(got.attention_factor, want.attention_factor);
  EXPECT_EQ(gguf.spec().max_positions, source.spec().max_positions);  // 64 × 4
}

// Tokens, every α̂ with and without positions, and the logits of HF's own pass, within 1e-4 as every HF case.
TEST_F(GgufRopeScaling, YarnComputesHuggingFacesPass) {
  const core::Model model = core::load_model(with_yarn(folder_ / "a"));
  int texts = 0;
  for (const fs::directory_entry& file : fs::directory_iterator(yarn_case)) {
    const std::string name = file.path().filename().string();
    if (!name.starts_with("expected") || !name.ends_with(".json")) continue;
    std::ifstream in(file.path());
    const nlohmann::json expected = nlohmann::json::parse(in);
    if (!expected.contains("target_text")) continue;  // made from ids
    SCOPED_TRACE(name);
    const core::Tokenization tokens =
        core::tokenize_input(model, core::InputSide::Target, expected.at("target_text").get<std::string>());
    ASSERT_EQ(tokens.ids, expected.at("target_ids").get<std::vector<int>>());
    for (const bool positions : {true, false}) {
      core::ForwardOptions options;
      options.positional_encoding = positions;
      const core::ForwardResult pass = core::forward(model, {}, tokens.ids, options);
      const nlohmann::json& layers = expected.at(positions ? "attention" : "attention_no_pe").at("decoder_self");
      ASSERT_EQ(pass.trace.decoder_self.size(), layers.size());
      for (std::size_t l = 0; l < layers.size(); ++l) {
        for (std::size_t h = 0; h < layers[l].size(); ++h) {
          SCOPED_TRACE("layer " + std::to_string(l) + " head " + std::to_string(h) + (positions ? "" : " without positions"));
          expect_matrix_near(pass.trace.decoder_self[l].heads[h], matrix_from(layers[l][h]), 1e-4);
        }
      }
      if (!positions) continue;
      const nlohmann::json& logits = expected.at("logits");
      ASSERT_EQ(static_cast<std::size_t>(pass.last_logits.size()), logits.size());
      for (std::size_t i = 0; i < logits.size(); ++i) {
        const double w = logits[i].get<double>();
        EXPECT_LE(std::abs(pass.last_logits(static_cast<Eigen::Index>(i)) - w) / std::max(1.0, std::abs(w)), 1e-4)
            << "logit " << i;
      }
    }
    ++texts;
  }
  EXPECT_GE(texts, 3);
}

TEST_F(GgufRopeScaling, YarnWithRopeFreqsGivesTheFloat64Frequencies) {
  const std::vector<float> factors = {1.0f, 1.0f, 1.25f, 1.5f, 2.0f, 2.5f, 3.0f, 4.0f};
  const core::Model model = core::load_model(with_yarn(folder_ / "a", factors));
  const core::RotarySpec& rotary = rotary_of(model);
  ASSERT_EQ(rotary.frequency_factors, factors);
  ASSERT_EQ(rotary.scaling.type, core::RopeScalingType::Yarn);
  EXPECT_EQ(core::describe_positions(model.spec()), "rotary θ = 10000, yarn ×4, per-frequency factors 1–4");

  // HF v4.43's YaRN in float64 over d = 16, θ = 10000, s = 4, max_position_embeddings L = 64,
  // β_fast = 32, β_slow = 1: the dimension where a frequency turns r times over L is
  //   c(r) = d · ln(L / (2π r)) / (2 ln θ);   low = max(⌊c(β_fast)⌋, 0), high = min(⌈c(β_slow)⌉, d − 1)
  // and pair i keeps ω_i by the mask m_i = 1 − clamp((i − low) / (high − low), 0, 1):
  //   yarn(ω_i) = ω_i / s · (1 − m_i) + ω_i · m_i, then divided by f_i.
  const double d = 16.0;
  const double theta = 10000.0;
  const double s = 4.0;
  const double length = 64.0;
  const auto c = [&](double r) { return d * std::log(length / (2.0 * std::acos(-1.0) * r)) / (2.0 * std::log(theta)); };
  const double low = std::max(std::floor(c(32.0)), 0.0);
  double high = std::min(std::ceil(c(1.0)), d - 1.0);
  if (low == high) high += 0.001;
  const std::vector<float> omega = core::rotary_frequencies(rotary, 64).omega;
  ASSERT_EQ(omega.size(), factors.size());
  bool interpolated = false;
  bool kept = false;
  for (std::size_t i = 0; i < omega.size(); ++i) {
    const double base = std::pow(theta, -2.0 * static_cast<double>(i) / d);
    const double m = 1.0 - std::clamp((static_cast<double>(i) - low) / (high - low), 0.0, 1.0);
    const double want = (base / s * (1.0 - m) + base * m) / factors[i];
    EXPECT_NEAR(omega[i], want, 1e-6 * want) << "frequency " << i;
    interpolated = interpolated || m == 0.0;
    kept = kept || m == 1.0;
  }
  EXPECT_TRUE(interpolated && kept);  // the case's frequencies take both ends of the ramp
  EXPECT_FLOAT_EQ(core::rotary_frequencies(rotary, 64).attention_factor, static_cast<float>(0.1 * std::log(4.0) + 1.0));
}
