// Every positional-encoding kind of the PE explorer, checked numerically: rotary scores depend on
// i − j only (the same sentence shifted gives the same q·k), ALiBi slopes and T5 buckets against
// HuggingFace's own formulas (written here in float64), the bias views against the model's real
// scores, and the per-layer PE switch and rotary frequency mask against the whole-pass switch.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <string>
#include <vector>

#include "classroom/permutation_demo.h"
#include "classroom/position_bias_explorer.h"
#include "classroom/position_kind.h"
#include "classroom/position_switch_demo.h"
#include "classroom/rotary_explorer.h"
#include "families/load_model.h"
#include "model/model.h"
#include "model/model_input.h"
#include "model/transformer.h"
#include "nn/position_bias.h"
#include "tensor/errors.h"
#include "test_support.h"

namespace {

core::Model load(const std::string& folder) { return core::load_model(std::string(ATTNSCOPE_TEST_DATA) + "/" + folder); }

template <typename Function>
std::string error_of(Function&& function) {
  try {
    function();
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "no error";
}

std::vector<int> ids_of(const core::Model& model, core::InputSide side, const std::string& text) {
  return core::tokenize_input(model, side, text).ids;
}

// A pass over the text on the side the explorer shows (an encoder-decoder model's decoder reads the same ids).
core::ForwardResult pass(const core::Model& model, const std::vector<int>& ids, const core::ForwardOptions& options) {
  if (!model.spec().has_encoder()) return core::forward(model, {}, ids, options);
  return core::forward(model, ids, model.spec().has_decoder() ? ids : std::vector<int>{}, options);
}

void expect_same_trace(const core::AttentionTrace& got, const core::AttentionTrace& want, double tol) {
  const auto same = [tol](const std::vector<core::LayerAttention>& g, const std::vector<core::LayerAttention>& w) {
    ASSERT_EQ(g.size(), w.size());
    for (std::size_t l = 0; l < g.size(); ++l) {
      ASSERT_EQ(g[l].heads.size(), w[l].heads.size());
      for (std::size_t h = 0; h < g[l].heads.size(); ++h) {
        SCOPED_TRACE("layer " + std::to_string(l) + ", head " + std::to_string(h));
        expect_matrix_near(g[l].heads[h], w[l].heads[h], tol);
      }
    }
  };
  same(got.encoder_self, want.encoder_self);
  same(got.decoder_self, want.decoder_self);
  same(got.decoder_cross, want.decoder_cross);
}

float largest_difference(const std::vector<core::LayerAttention>& a, const std::vector<core::LayerAttention>& b,
                         std::size_t layer) {
  float largest = 0.0f;
  for (std::size_t h = 0; h < a[layer].heads.size(); ++h) {
    largest = std::max(largest, (a[layer].heads[h] - b[layer].heads[h]).cwiseAbs().maxCoeff());
  }
  return largest;
}

// ---- which kind ------------------------------------------------------------------------------

TEST(PositionKind, NamesEveryKindTheCoreOpens) {
  struct Case {
    const char* folder;
    core::PositionKind kind;
  };
  for (const Case& c : {Case{"torch/encdec-post-relu", core::PositionKind::Sinusoidal},
                        Case{"peer/marian-tiny-short", core::PositionKind::Sinusoidal},
                        Case{"peer/bert-tiny-short", core::PositionKind::Learned},
                        Case{"peer/gpt2-tiny-short", core::PositionKind::Learned},
                        Case{"hf-cases/llama-tiny-gqa", core::PositionKind::Rotary},
                        Case{"hf-cases/gpt-neox-tiny-parallel", core::PositionKind::Rotary},
                        Case{"hf-cases/bloom-tiny-alibi6", core::PositionKind::Alibi},
                        Case{"hf-cases/t5-tiny-v10", core::PositionKind::RelativeBias},
                        Case{"torch/encdec-pre-silu-none", core::PositionKind::None}}) {
    const core::Model model = load(c.folder);
    EXPECT_EQ(core::position_kind(model, core::explored_side(model)), c.kind) << c.folder;
  }
  const core::Model t5 = load("hf-cases/t5-tiny-v10");
  EXPECT_EQ(core::position_kind(t5, core::InputSide::Target), core::PositionKind::RelativeBias);
  const core::Model llama = load("hf-cases/llama-tiny-gqa");
  EXPECT_EQ(error_of([&] { core::position_kind(llama, core::InputSide::Source); }), "the model has no encoder");
  EXPECT_STREQ(core::to_string(core::PositionKind::RelativeBias), "relative_bias");
}

// ---- rotary ------------------------------------------------------------------------------------

TEST(RotaryExplorer, PlanesTurnByPositionTimesOmega) {
  const core::Model model = load("hf-cases/llama-tiny-gqa");  // head_dim 10, θ = 10000, no scaling
  const core::RotaryPlanes planes = core::rotary_planes(model, core::InputSide::Target, 40);
  ASSERT_EQ(planes.omega.size(), 5u);
  ASSERT_EQ(planes.angle.rows(), 40);
  for (std::size_t n = 0; n < planes.omega.size(); ++n) {
    // HF: inv_freq = 1 / θ^(arange(0, dim, 2) / dim)
    const double omega = 1.0 / std::pow(10000.0, 2.0 * static_cast<double>(n) / 10.0);
    EXPECT_NEAR(planes.omega[n], omega, 1e-6 * omega) << "pair " << n;
    EXPECT_NEAR(planes.wavelength[n], 2.0 * std::numbers::pi / omega, 1e-5 * (2.0 * std::numbers::pi / omega));
    for (int p = 0; p < 40; ++p) {
      const double angle = std::fmod(p * omega, 2.0 * std::numbers::pi);
      EXPECT_NEAR(planes.angle(p, static_cast<Eigen::Index>(n)), angle, 1e-4) << "pair " << n << ", position " << p;
    }
  }
  const core::Model bloom = load("hf-cases/bloom-tiny-alibi6");
  EXPECT_EQ(error_of([&] { core::rotary_planes(bloom, core::InputSide::Target, 4); }),
            "the model's decoder has no rotary positional encoding");
  EXPECT_EQ(error_of([&] { core::rotary_planes(model, core::InputSide::Target, 0); }),
            "the rotary planes need at least one position, not 0");
}

TEST(RotaryExplorer, ScoresAreTheSameForAShiftedSentence) {
  for (const char* folder : {"hf-cases/llama-tiny-gqa", "hf-cases/gpt-neox-tiny-parallel", "peer/qwen2-tiny-short"}) {
    SCOPED_TRACE(folder);
    const core::Model model = load(folder);
    const std::vector<int> ids = ids_of(model, core::InputSide::Target, "the quick brown fox jumps over the lazy dog");
    const int layers = model.spec().decoder.layers();
    const int heads = model.spec().heads();
    for (int layer = 0; layer < layers; ++layer) {
      for (int head = 0; head < heads; ++head) {
        for (const int shift : {1, 7, 50}) {
          const core::RotaryShift r = core::rotary_shift(model, core::InputSide::Target, ids, layer, head, shift);
          ASSERT_EQ(r.alpha.rows(), static_cast<Eigen::Index>(ids.size()));
          // q·k depends on i − j only: the same scores, to float32 rounding of the angles
          EXPECT_LE(r.max_difference, 1e-5 * std::max(1.0f, r.max_score))
              << "layer " << layer << ", head " << head << ", shift " << shift;
          EXPECT_GT(r.max_score, 0.0f);
        }
      }
    }
  }
}

TEST(RotaryExplorer, ShiftScoresAreTheModelsScores) {
  const core::Model model = load("hf-cases/llama-tiny-gqa");
  const std::vector<int> ids = ids_of(model, core::InputSide::Target, "a small cat sat on the mat");
  core::ForwardOptions options;
  options.record = {{core::AttentionKind::DecoderSelf, 1}};
  const core::ForwardResult result = core::forward(model, {}, ids, options);
  const std::vector<core::RowMatrix>* scores = result.record.find_heads(core::AttentionKind::DecoderSelf, 1, "scores");
  ASSERT_NE(scores, nullptr);
  for (int head = 0; head < model.spec().heads(); ++head) {
    const core::RotaryShift r = core::rotary_shift(model, core::InputSide::Target, ids, 1, head, 3);
    const core::RowMatrix& want = (*scores)[static_cast<std::size_t>(head)];
    for (Eigen::Index i = 0; i < want.rows(); ++i) {
      for (Eigen::Index j = 0; j <= i; ++j) EXPECT_NEAR(r.alpha(i, j), want(i, j), 1e-5) << i << ", " << j;
    }
  }
}

TEST(RotaryExplorer, NamesWhatItCannotShow) {
  const core::Model model = load("hf-cases/llama-tiny-gqa");
  const std::vector<int> ids = ids_of(model, core::InputSide::Target, "a cat");
  EXPECT_EQ(error_of([&] { core::rotary_shift(model, core::InputSide::Target, ids, 2, 0, 1); }),
            "layer 2 is out of range: the stack has layers 0 to 1");
  EXPECT_EQ(error_of([&] { core::rotary_shift(model, core::InputSide::Target, ids, 0, 4, 1); }),
            "head 4 is out of range: the model has heads 0 to 3");
  EXPECT_EQ(error_of([&] { core::rotary_shift(model, core::InputSide::Target, ids, 0, 0, -1); }),
            "the shift must be 0 or more positions, not -1");
  EXPECT_EQ(error_of([&] { core::rotary_shift(model, core::InputSide::Target, {}, 0, 0, 1); }),
            "the target input is empty");
}

// ---- frequency-band mask and per-layer switch ----------------------------------------------------

TEST(PositionSwitches, RotaryMaskOfEveryPairIsNoPositions) {
  const core::Model model = load("hf-cases/llama-tiny-gqa");
  const std::vector<int> ids = ids_of(model, core::InputSide::Target, "the dog sees the cat and the bird");
  core::ForwardOptions normal;
  core::ForwardOptions off;
  off.positional_encoding = false;
  core::ForwardOptions all_pairs;
  all_pairs.rotary_pairs_off = {0, 1, 2, 3, 4};
  core::ForwardOptions no_pairs;
  no_pairs.rotary_pairs_off = {};
  const core::ForwardResult reference = pass(model, ids, normal);
  expect_same_trace(pass(model, ids, all_pairs).trace, pass(model, ids, off).trace, 0.0);
  expect_same_trace(pass(model, ids, no_pairs).trace, reference.trace, 0.0);

  // the fast pairs off (pair 0 turns a radian per position) or the slow ones: each changes the heads
  core::ForwardOptions high_off;
  high_off.rotary_pairs_off = {0, 1};
  core::ForwardOptions low_off;
  low_off.rotary_pairs_off = {3, 4};
  const core::ForwardResult high = pass(model, ids, high_off);
  const core::ForwardResult low = pass(model, ids, low_off);
  EXPECT_GT(largest_difference(high.trace.decoder_self, reference.trace.decoder_self, 0), 1e-3);
  EXPECT_GT(largest_difference(low.trace.decoder_self, reference.trace.decoder_self, 0), 1e-5);
  EXPECT_GT(largest_difference(high.trace.decoder_self, low.trace.decoder_self, 0), 1e-3);
}

TEST(PositionSwitches, EveryLayerOffIsTheWholeSwitchAndNoneIsTheNormalPass) {
  for (const char* folder : {"hf-cases/llama-tiny-gqa", "hf-cases/bloom-tiny-alibi6", "hf-cases/t5-tiny-v10"}) {
    SCOPED_TRACE(folder);
    const core::Model model = load(folder);
    const core::InputSide side = core::explored_side(model);
    const std::vector<int> ids = ids_of(model, side, "the dog sees the cat and the bird");
    core::ForwardOptions every;
    for (const core::AttentionKind kind : {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf}) {
      for (int l = 0; l < model.spec().layers(kind); ++l) every.positions_off.push_back({kind, l});
    }
    core::ForwardOptions off;
    off.positional_encoding = false;
    const core::ForwardResult reference = pass(model, ids, {});
    expect_same_trace(pass(model, ids, every).trace, pass(model, ids, off).trace, 0.0);
    expect_same_trace(pass(model, ids, core::ForwardOptions{}).trace, reference.trace, 0.0);

    // only the last layer off: the layers before it are the normal pass, the last one is not
    const core::AttentionKind kind = core::self_attention_kind(side);
    const int last = model.spec().layers(kind) - 1;
    core::ForwardOptions last_off;
    last_off.positions_off = {{kind, last}};
    const core::ForwardResult partial = pass(model, ids, last_off);
    const auto& got = kind == core::AttentionKind::EncoderSelf ? partial.trace.encoder_self : partial.trace.decoder_self;
    const auto& want =
        kind == core::AttentionKind::EncoderSelf ? reference.trace.encoder_self : reference.trace.decoder_self;
    for (int l = 0; l < last; ++l) EXPECT_EQ(largest_difference(got, want, static_cast<std::size_t>(l)), 0.0f);
    EXPECT_GT(largest_difference(got, want, static_cast<std::size_t>(last)), 1e-4);
  }
}

TEST(PositionSwitches, NameALayerOrPairTheModelDoesNotHave) {
  const core::Model llama = load("hf-cases/llama-tiny-gqa");
  const std::vector<int> ids = ids_of(llama, core::InputSide::Target, "a cat");
  core::ForwardOptions layer;
  layer.positions_off = {{core::AttentionKind::DecoderSelf, 2}};
  EXPECT_EQ(error_of([&] { core::forward(llama, {}, ids, layer); }),
            "cannot switch off the positional encoding in decoder_self layer 2: the model has no such self-attention "
            "layer");
  core::ForwardOptions encoder;
  encoder.positions_off = {{core::AttentionKind::EncoderSelf, 0}};
  EXPECT_EQ(error_of([&] { core::forward(llama, {}, ids, encoder); }),
            "cannot switch off the positional encoding in encoder_self layer 0: the model has no such self-attention "
            "layer");
  core::ForwardOptions pair;
  pair.rotary_pairs_off = {5};
  EXPECT_EQ(error_of([&] { core::forward(llama, {}, ids, pair); }),
            "cannot switch off frequency pair 5: the model's rotary encoding has pairs 0 to 4");
  const core::Model bloom = load("hf-cases/bloom-tiny-alibi6");
  const std::vector<int> bloom_ids = ids_of(bloom, core::InputSide::Target, "a cat");
  core::ForwardOptions bloom_pair;
  bloom_pair.rotary_pairs_off = {0};
  EXPECT_EQ(error_of([&] { core::forward(bloom, {}, bloom_ids, bloom_pair); }),
            "the model has no rotary positional encoding, so it has no frequencies to switch off");
}

// ---- ALiBi --------------------------------------------------------------------------------------

// HF BloomModel build_alibi_tensor's slopes, in float64.
std::vector<double> hf_alibi_slopes(int heads) {
  const int closest = 1 << static_cast<int>(std::floor(std::log2(heads)));
  const double base = std::pow(2.0, -std::pow(2.0, -(std::log2(closest) - 3.0)));
  std::vector<double> slopes;
  for (int p = 1; p <= closest; ++p) slopes.push_back(std::pow(base, p));
  if (closest != heads) {
    const double extra_base = std::pow(2.0, -std::pow(2.0, -(std::log2(2 * closest) - 3.0)));
    const int remaining = std::min(closest, heads - closest);
    for (int p = 1; p < 1 + 2 * remaining; p += 2) slopes.push_back(std::pow(extra_base, p));
  }
  return slopes;
}

TEST(AlibiExplorer, SlopesAreHuggingFacesFormula) {
  for (int heads = 1; heads <= 40; ++heads) {
    const std::vector<float> got = core::alibi_slopes(heads);
    const std::vector<double> want = hf_alibi_slopes(heads);
    ASSERT_EQ(got.size(), want.size()) << heads << " heads";
    for (std::size_t h = 0; h < want.size(); ++h) EXPECT_NEAR(got[h], want[h], 1e-7 * want[h]) << heads << " heads, head " << h;
  }
  // n = 8: 2^−1, 2^−2, …, 2^−8
  EXPECT_FLOAT_EQ(core::alibi_slopes(8)[0], 0.5f);
  EXPECT_FLOAT_EQ(core::alibi_slopes(8)[7], 1.0f / 256.0f);
}

TEST(AlibiExplorer, BiasViewIsWhatTheModelAddsToItsScores) {
  const core::Model model = load("hf-cases/bloom-tiny-alibi6");
  const core::AlibiView view = core::alibi_view(model, core::InputSide::Target, 12);
  ASSERT_EQ(view.bias.rows(), 6);
  ASSERT_EQ(view.bias.cols(), 12);
  const std::vector<double> slopes = hf_alibi_slopes(6);
  for (int h = 0; h < 6; ++h) {
    for (int d = 0; d < 12; ++d) EXPECT_NEAR(view.bias(h, d), -slopes[static_cast<std::size_t>(h)] * d, 1e-6);
  }
  // the model's layer-0 scores with the bias minus without: m_h · j, i.e. −m_h · (i − j) up to a row constant
  const std::vector<int> ids = ids_of(model, core::InputSide::Target, "the dog sees the cat");
  core::ForwardOptions on;
  on.record = {{core::AttentionKind::DecoderSelf, 0}};
  core::ForwardOptions off = on;
  off.positional_encoding = false;
  const core::ForwardResult with = core::forward(model, {}, ids, on);
  const core::ForwardResult without = core::forward(model, {}, ids, off);
  const auto& s_on = *with.record.find_heads(core::AttentionKind::DecoderSelf, 0, "scores");
  const auto& s_off = *without.record.find_heads(core::AttentionKind::DecoderSelf, 0, "scores");
  for (int h = 0; h < 6; ++h) {
    for (Eigen::Index i = 0; i < s_on[h].rows(); ++i) {
      for (Eigen::Index j = 0; j <= i; ++j) {
        const double added = s_on[h](i, j) - s_off[h](i, j);
        // −m_h (i − j) + m_h i = m_h j
        EXPECT_NEAR(added, view.bias(h, i - j) + view.slopes[static_cast<std::size_t>(h)] * i, 1e-5);
      }
    }
  }
  const core::Model t5 = load("hf-cases/t5-tiny-v10");
  EXPECT_EQ(error_of([&] { core::alibi_view(t5, core::InputSide::Source, 4); }), "the model's encoder has no ALiBi bias");
  EXPECT_EQ(error_of([&] { core::alibi_view(model, core::InputSide::Target, 0); }),
            "the ALiBi view needs at least one distance, not 0");
}

// ---- T5 relative bias ---------------------------------------------------------------------------

// HF T5Attention._relative_position_bucket, in float64.
int hf_bucket(int relative_position, bool bidirectional, int buckets, int max_distance) {
  int bucket = 0;
  if (bidirectional) {
    buckets /= 2;
    if (relative_position > 0) bucket += buckets;
    relative_position = std::abs(relative_position);
  } else {
    relative_position = -std::min(relative_position, 0);
  }
  const int max_exact = buckets / 2;
  if (relative_position < max_exact) return bucket + relative_position;
  const double scaled = std::log(static_cast<double>(relative_position) / max_exact) /
                        std::log(static_cast<double>(max_distance) / max_exact) * (buckets - max_exact);
  return bucket + std::min(max_exact + static_cast<int>(scaled), buckets - 1);
}

TEST(RelativeBiasExplorer, BucketsAreHuggingFacesFunction) {
  for (const bool bidirectional : {true, false}) {
    for (const int buckets : {32, 16}) {
      const core::RelativeBiasSpec spec{buckets, 128, bidirectional};
      for (int r = -400; r <= 400; ++r) {
        EXPECT_EQ(core::relative_position_bucket(r, spec), hf_bucket(r, bidirectional, buckets, 128))
            << "j − i = " << r << (bidirectional ? ", bidirectional" : ", causal") << ", " << buckets << " buckets";
      }
    }
  }
}

TEST(RelativeBiasExplorer, BiasViewIsWhatTheModelAddsToItsScores) {
  const core::Model model = load("hf-cases/t5-tiny-v10");
  const core::RelativeBiasView view = core::relative_bias_view(model, core::InputSide::Source, 20);
  ASSERT_EQ(view.distances.size(), 41u);
  EXPECT_EQ(view.distances.front(), -20);
  EXPECT_EQ(view.buckets[20], 0);  // i − j = 0
  for (std::size_t n = 0; n < view.distances.size(); ++n) {
    EXPECT_EQ(view.buckets[n], hf_bucket(-view.distances[n], true, 32, 128)) << "i − j = " << view.distances[n];
  }
  const core::RelativeBiasView decoder = core::relative_bias_view(model, core::InputSide::Target, 20);
  EXPECT_EQ(decoder.distances.front(), 0);
  EXPECT_EQ(decoder.distances.size(), 21u);

  // the model's layer-0 encoder scores with the bias minus without: b_h[bucket(j − i)]
  const std::vector<int> ids = ids_of(model, core::InputSide::Source, "the dog sees the cat");
  core::ForwardOptions on;
  on.record = {{core::AttentionKind::EncoderSelf, 0}};
  core::ForwardOptions off = on;
  off.positional_encoding = false;
  const core::ForwardResult with = core::forward(model, ids, ids, on);
  const core::ForwardResult without = core::forward(model, ids, ids, off);
  const auto& s_on = *with.record.find_heads(core::AttentionKind::EncoderSelf, 0, "scores");
  const auto& s_off = *without.record.find_heads(core::AttentionKind::EncoderSelf, 0, "scores");
  for (int h = 0; h < model.spec().heads(); ++h) {
    for (Eigen::Index i = 0; i < s_on[h].rows(); ++i) {
      for (Eigen::Index j = 0; j < s_on[h].cols(); ++j) {
        EXPECT_NEAR(s_on[h](i, j) - s_off[h](i, j), view.bias(h, 20 + (i - j)), 1e-4) << h << ": " << i << ", " << j;
      }
    }
  }
  const core::Model llama = load("hf-cases/llama-tiny-gqa");
  EXPECT_EQ(error_of([&] { core::relative_bias_view(llama, core::InputSide::Target, 4); }),
            "the model's decoder has no T5 relative position bias");
}

// ---- 天涯若比鄰 on decoder-only models ------------------------------------------------------------

TEST(PermutationEveryKind, DecoderOnlyLastRowMovesWithTheWordsWithoutPositions) {
  for (const char* folder : {"hf-cases/llama-tiny-gqa", "hf-cases/bloom-tiny-alibi6", "peer/gpt2-tiny-short"}) {
    SCOPED_TRACE(folder);
    const core::Model model = load(folder);
    const core::Tokenization tokens =
        core::tokenize_input(model, core::InputSide::Target, "the big cat saw a small bird today");
    const std::vector<bool> fixed = core::demo_fixed_positions(model, tokens);
    EXPECT_TRUE(fixed.back());
    const core::PermutationDemo demo = core::run_permutation_demo(model, tokens, core::shuffle_permutation(fixed, 5));
    EXPECT_TRUE(demo.causal);
    EXPECT_EQ(demo.order.back(), static_cast<int>(tokens.size()) - 1);
    ASSERT_EQ(demo.without_pe.last_row_difference.size(), static_cast<std::size_t>(model.spec().heads()));
    for (const float d : demo.without_pe.last_row_difference) EXPECT_LE(d, 1e-6);
    EXPECT_GT(*std::max_element(demo.with_pe.last_row_difference.begin(), demo.with_pe.last_row_difference.end()), 1e-4);
    // the mask ties the rest to positions: the whole matrices differ even without PE
    EXPECT_GT(demo.without_pe.largest_difference(), 1e-3);
  }
  const core::Model t5 = load("hf-cases/t5-tiny-v10");
  const core::Tokenization tokens = core::tokenize_input(t5, core::InputSide::Source, "the big cat saw a small bird");
  const core::PermutationDemo demo =
      core::run_permutation_demo(t5, tokens, core::shuffle_permutation(core::demo_fixed_positions(t5, tokens), 2));
  EXPECT_FALSE(demo.causal);
  EXPECT_EQ(demo.positions, core::PositionKind::RelativeBias);
  EXPECT_TRUE(demo.without_pe.last_row_difference.empty());
  EXPECT_LE(demo.without_pe.largest_difference(), 1e-6);
  EXPECT_GT(demo.with_pe.largest_difference(), 1e-4);
}

}  // namespace

namespace {

TEST(PositionSwitchDemo, ComparesTheSwitchedHeadsWithTheNormalOnes) {
  const core::Model model = load("hf-cases/bloom-tiny-alibi6");
  const std::vector<int> ids = ids_of(model, core::InputSide::Target, "the dog sees the cat");
  const std::vector<int> none;
  const core::PositionSwitchDemo same = core::run_position_switch_demo(model, ids, none, none);
  ASSERT_EQ(same.max_difference.size(), 2u);
  EXPECT_EQ(same.max_difference[0], 0.0f);
  EXPECT_EQ(same.max_difference[1], 0.0f);

  const std::vector<int> second = {1};
  const core::PositionSwitchDemo last = core::run_position_switch_demo(model, ids, second, none);
  EXPECT_EQ(last.max_difference[0], 0.0f);
  EXPECT_GT(last.max_difference[1], 1e-4f);

  const std::vector<int> both = {0, 1};
  const core::PositionSwitchDemo all = core::run_position_switch_demo(model, ids, both, none);
  core::ForwardOptions off;
  off.positional_encoding = false;
  const core::ForwardResult no_pe = core::forward(model, {}, ids, off);
  for (std::size_t l = 0; l < 2; ++l) {
    for (std::size_t h = 0; h < no_pe.trace.decoder_self[l].heads.size(); ++h) {
      expect_matrix_near(all.switched[l].heads[h], no_pe.trace.decoder_self[l].heads[h], 0.0);
    }
  }
  const std::vector<int> bad = {2};
  EXPECT_EQ(error_of([&] { core::run_position_switch_demo(model, ids, bad, none); }),
            "cannot switch off the positional encoding in decoder_self layer 2: the model has no such self-attention "
            "layer");
}

}  // namespace
