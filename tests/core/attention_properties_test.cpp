// Properties of attention that hold for any weights: the lecture's example worked by hand,
// rows of α̂ summing to 1, the causal mask, softmax at the edges of float range, and the
// permutation equivariance that positional encoding exists to break.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "families/load_model.h"
#include "nn/attention.h"
#include "model/model.h"
#include "test_support.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace {

constexpr float infinity = std::numeric_limits<float>::infinity();

core::Model load_torch_model(const std::string& name) {
  return core::load_model(std::string(ATTNSCOPE_TEST_DATA) + "/torch/" + name);
}

// The lecture's two-token example: d = 2, one head, W^q = W^k = W^v = W^O = I, no biases,
// a^1 = (1, 0), a^2 = (0, 1), so q^i = k^i = v^i = a^i.
class LectureExampleTest : public ::testing::Test {
 protected:
  LectureExampleTest() {
    const core::LinearWeights identity_linear{core::WeightMatrix{identity_.data(), 2, 2}, {}};
    weights_ = {identity_linear, identity_linear, identity_linear, identity_linear, {}};
    a_ << 1, 0,
          0, 1;
  }

  // One head of size 2, α scaled by 1/√d_k, no position term.
  static core::AttentionSpec spec(core::MaskKind mask) {
    core::AttentionSpec spec;
    spec.heads = 1;
    spec.kv_heads = 1;
    spec.head_dim = 2;
    spec.scale = 1.0f / std::sqrt(2.0f);
    spec.mask = mask;
    return spec;
  }

  // Runs the attention with every step recorded into recorder_.
  core::AttentionResult attend(core::MaskKind mask) {
    recorder_.want(core::AttentionKind::EncoderSelf, 0);
    const core::AttentionCall call{core::AttentionKind::EncoderSelf, 0, true, 0, {}, &recorder_};
    return core::multi_head_attention(a_, a_, weights_, spec(mask), call);
  }

  const core::RowMatrix& step(const std::string& name) const {
    const core::RowMatrix* value = recorder_.find(core::AttentionKind::EncoderSelf, 0, name);
    if (value == nullptr) throw std::runtime_error("step " + name + " was not recorded");
    return *value;
  }
  const std::vector<core::RowMatrix>& scores() const {
    const std::vector<core::RowMatrix>* value = recorder_.find_heads(core::AttentionKind::EncoderSelf, 0, "scores");
    if (value == nullptr) throw std::runtime_error("scores were not recorded");
    return *value;
  }

  std::vector<float> identity_ = {1, 0,
                                  0, 1};
  core::AttentionWeights weights_;
  core::RowMatrix a_{2, 2};
  core::Recorder recorder_;
};

TEST_F(LectureExampleTest, MatchesHandComputation) {
  const core::AttentionResult result = attend(core::MaskKind::None);

  // α_{1,1} = q^1·k^1 / sqrt(2) = 1/sqrt(2) = 0.70710678;  α_{1,2} = q^1·k^2 / sqrt(2) = 0.
  // By symmetry α_{2,1} = 0 and α_{2,2} = 0.70710678.
  core::RowMatrix alpha(2, 2);
  alpha << 0.70710678f, 0.0f,
           0.0f, 0.70710678f;
  // α̂_{1,1} = e^0.70710678 / (e^0.70710678 + e^0) = 2.02811498 / 3.02811498 = 0.66976155;
  // α̂_{1,2} = 1 / 3.02811498 = 0.33023845.
  core::RowMatrix alpha_hat(2, 2);
  alpha_hat << 0.66976155f, 0.33023845f,
               0.33023845f, 0.66976155f;
  // b^1 = α̂_{1,1} v^1 + α̂_{1,2} v^2 = 0.66976155 (1, 0) + 0.33023845 (0, 1); W^O = I leaves it.
  core::RowMatrix b(2, 2);
  b << 0.66976155f, 0.33023845f,
       0.33023845f, 0.66976155f;

  ASSERT_EQ(scores().size(), 1u);
  ASSERT_EQ(result.alpha_hat.size(), 1u);
  expect_matrix_near(step("q"), a_, 1e-6);
  expect_matrix_near(step("k"), a_, 1e-6);
  expect_matrix_near(step("v"), a_, 1e-6);
  expect_matrix_near(scores()[0], alpha, 1e-6);
  expect_matrix_near(result.alpha_hat[0], alpha_hat, 1e-6);
  expect_matrix_near(step("attn_heads"), b, 1e-6);
  expect_matrix_near(result.output, b, 1e-6);
}

TEST_F(LectureExampleTest, CausalMaskHidesTheSecondToken) {
  const core::AttentionResult result = attend(core::MaskKind::Causal);

  // Token 1 may only look at itself: α_{1,2} = -inf, so α̂^1 = (1, 0) and b^1 = v^1 = (1, 0).
  // Token 2 sees both keys, exactly as without the mask.
  core::RowMatrix alpha(2, 2);
  alpha << 0.70710678f, -infinity,
           0.0f, 0.70710678f;
  core::RowMatrix b(2, 2);
  b << 1.0f, 0.0f,
       0.33023845f, 0.66976155f;

  ASSERT_EQ(scores().size(), 1u);
  expect_matrix_near(scores()[0], alpha, 1e-6);
  expect_matrix_near(result.alpha_hat[0], b, 1e-6);
  expect_matrix_near(result.output, b, 1e-6);
}

// Ids inside every fixture's vocabularies (24 source, 22 target entries).
const std::vector<int> source_ids = {4, 11, 6, 17, 3};
const std::vector<int> target_ids = {2, 8, 15, 9};

class ForwardPropertiesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ForwardPropertiesTest, EveryAttentionRowSumsToOne) {
  const core::Model model = load_torch_model(GetParam());
  const core::ForwardResult result = core::forward(model, source_ids, target_ids);
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    const std::vector<core::LayerAttention>& layers = result.trace.layers(kind);
    for (std::size_t l = 0; l < layers.size(); ++l) {
      for (std::size_t h = 0; h < layers[l].heads.size(); ++h) {
        SCOPED_TRACE(std::string(core::to_string(kind)) + " layer " + std::to_string(l) + " head " +
                     std::to_string(h));
        const core::RowMatrix& alpha_hat = layers[l].heads[h];
        ASSERT_GT(alpha_hat.rows(), 0);
        for (Eigen::Index i = 0; i < alpha_hat.rows(); ++i) {
          EXPECT_NEAR(alpha_hat.row(i).sum(), 1.0f, 1e-6f) << "row " << i;
          EXPECT_GE(alpha_hat.row(i).minCoeff(), 0.0f) << "row " << i;
        }
      }
    }
  }
}

TEST_P(ForwardPropertiesTest, CausalMaskGivesExactZerosAboveTheDiagonal) {
  const core::Model model = load_torch_model(GetParam());
  if (!model.spec().has_decoder()) GTEST_SKIP() << "no decoder";
  const core::ForwardResult result = core::forward(model, source_ids, target_ids);
  const std::vector<core::LayerAttention>& layers = result.trace.decoder_self;
  ASSERT_EQ(layers.size(), static_cast<std::size_t>(model.spec().decoder_layers()));
  for (std::size_t l = 0; l < layers.size(); ++l) {
    for (std::size_t h = 0; h < layers[l].heads.size(); ++h) {
      SCOPED_TRACE("layer " + std::to_string(l) + " head " + std::to_string(h));
      const core::RowMatrix& alpha_hat = layers[l].heads[h];
      ASSERT_EQ(alpha_hat.rows(), static_cast<Eigen::Index>(target_ids.size()));
      ASSERT_EQ(alpha_hat.cols(), alpha_hat.rows());
      // The first token sees only itself, so all its weight is there.
      EXPECT_EQ(alpha_hat(0, 0), 1.0f);
      for (Eigen::Index i = 0; i < alpha_hat.rows(); ++i) {
        for (Eigen::Index j = i + 1; j < alpha_hat.cols(); ++j) {
          EXPECT_EQ(alpha_hat(i, j), 0.0f) << "query " << i << " sees future key " << j;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Torch, ForwardPropertiesTest,
                         ::testing::Values("encdec-post-relu", "decoder-pre-gelu-learned", "encoder-post-gelu-halves",
                                           "encdec-pre-silu-none"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(SoftmaxRows, MaskedEntriesBecomeExactZerosAndFullyMaskedRowsNoNaN) {
  // Rows of 20 make Eigen evaluate exp() in SIMD packets (up to 16 floats), whose exp(-inf) is
  // not std::exp's: Eigen 3.4's SSE packet exp clamps its input to -88.7 and returns 2.9e-39.
  constexpr Eigen::Index width = 20;
  core::RowMatrix scores = core::RowMatrix::Zero(2, width);
  scores.row(0).setConstant(-infinity);
  scores.row(1).head(width / 2).setConstant(-infinity);
  core::softmax_rows(scores);

  EXPECT_TRUE(scores.allFinite());
  for (Eigen::Index j = 0; j < width; ++j) {
    EXPECT_EQ(scores(0, j), 0.0f) << "fully masked row, column " << j;
    if (j < width / 2) {
      EXPECT_EQ(scores(1, j), 0.0f) << "masked column " << j;
    } else {
      EXPECT_NEAR(scores(1, j), 0.1f, 1e-7f) << "column " << j;
    }
  }
}

TEST(SoftmaxRows, HugeScoresStayFinite) {
  // Without subtracting the row maximum, exp(1e30) overflows to inf and inf / inf is NaN.
  core::RowMatrix scores(3, 3);
  scores << 1e30f, 0.0f, -1e30f,
            1e30f, 1e30f, 0.0f,
            -1e30f, -1e30f, -1e30f;
  core::softmax_rows(scores);

  core::RowMatrix want(3, 3);
  want << 1.0f, 0.0f, 0.0f,
          0.5f, 0.5f, 0.0f,
          1.0f / 3, 1.0f / 3, 1.0f / 3;
  EXPECT_TRUE(scores.allFinite());
  expect_matrix_near(scores, want, 1e-7);
}

// Without positions attention is permutation-equivariant: feeding the tokens in order π gives
// A'_{i,j} = A_{π(i),π(j)}, i.e. A' = P A Pᵀ, in every layer (the "天涯若比鄰" demo). Positions
// are what make word order matter, so with them on the pattern must change.
class PermutationTest : public ::testing::Test {
 protected:
  PermutationTest() : model_(load_torch_model("encoder-post-gelu-halves")) {
    for (const int p : permutation_) permuted_ids_.push_back(ids_[p]);
  }

  struct PermutedAttention {
    std::string where;     // "layer l head h"
    core::RowMatrix got;   // A' from the permuted ids
    core::RowMatrix want;  // P A Pᵀ from the original ids
  };

  std::vector<PermutedAttention> permuted_attention(bool positional_encoding) const {
    const core::ForwardOptions options{.positional_encoding = positional_encoding, .record = {}};
    const core::ForwardResult original = core::forward(model_, ids_, {}, options);
    const core::ForwardResult permuted = core::forward(model_, permuted_ids_, {}, options);
    const std::vector<core::LayerAttention>& layers = original.trace.encoder_self;
    EXPECT_EQ(layers.size(), permuted.trace.encoder_self.size());
    std::vector<PermutedAttention> pairs;
    for (std::size_t l = 0; l < layers.size() && l < permuted.trace.encoder_self.size(); ++l) {
      for (std::size_t h = 0; h < layers[l].heads.size(); ++h) {
        const core::RowMatrix& a = layers[l].heads[h];
        core::RowMatrix p_a_pt(a.rows(), a.cols());
        for (Eigen::Index i = 0; i < a.rows(); ++i) {
          for (Eigen::Index j = 0; j < a.cols(); ++j) p_a_pt(i, j) = a(permutation_[i], permutation_[j]);
        }
        pairs.push_back({"layer " + std::to_string(l) + " head " + std::to_string(h),
                         permuted.trace.encoder_self[l].heads.at(h), p_a_pt});
      }
    }
    return pairs;
  }

  core::Model model_;
  // Distinct tokens, so that every move of the permutation moves a different token.
  const std::vector<int> ids_ = {5, 12, 8, 19, 15, 10, 3};
  const std::vector<int> permutation_ = {3, 0, 6, 1, 5, 2, 4};
  std::vector<int> permuted_ids_;
};

TEST_F(PermutationTest, WithoutPositionsAttentionPermutesAsPAPt) {
  const std::vector<PermutedAttention> pairs = permuted_attention(false);
  ASSERT_FALSE(pairs.empty());
  for (const PermutedAttention& pair : pairs) {
    SCOPED_TRACE(pair.where);
    expect_matrix_near(pair.got, pair.want, 1e-6);
  }
}

TEST_F(PermutationTest, WithPositionsWordOrderChangesAttention) {
  float max_change = 0.0f;
  for (const PermutedAttention& pair : permuted_attention(true)) {
    ASSERT_EQ(pair.got.rows(), pair.want.rows());
    max_change = std::max(max_change, (pair.got - pair.want).cwiseAbs().maxCoeff());
  }
  EXPECT_GT(max_change, 1e-3f);
}

}  // namespace
