// Every box of the trainer checked against finite differences (double precision): Linear,
// LayerNorm, masked softmax, multi-head attention (self, causal, cross, several examples per
// batch), feed-forward, embedding with positions, dropout, cross-entropy with label smoothing,
// and whole encoder and decoder layers with dropout on.
#include "training/training_attention.h"
#include "training/training_decoder_layer.h"
#include "training/training_dropout.h"
#include "training/training_embedding.h"
#include "training/training_encoder_layer.h"
#include "training/training_feed_forward.h"
#include "training_gradient_check.h"
#include "training/training_layer_norm.h"
#include "training/training_linear.h"
#include "training/training_loss.h"
#include "training/training_softmax.h"

namespace {

using test::expect_gradient;
using test::Matrix;
using test::random_matrix;

// L = Σ y ⊙ r for a fixed random r, so ∂L/∂y = r.
double weighted_sum(const Matrix& y, const Matrix& r) {
  return y.cwiseProduct(r).sum();
}

core::LinearParameters<double> random_linear(Eigen::Index out, Eigen::Index in, std::mt19937_64& generator) {
  return {random_matrix(out, in, generator, 0.5), random_matrix(1, out, generator, 0.5)};
}

core::LinearParameters<double> zero_linear(const core::LinearParameters<double>& p) {
  return {Matrix::Zero(p.weight.rows(), p.weight.cols()), Matrix::Zero(1, p.bias.cols())};
}

core::AttentionParameters<double> random_attention(Eigen::Index d, std::mt19937_64& generator) {
  return {random_linear(d, d, generator), random_linear(d, d, generator), random_linear(d, d, generator),
          random_linear(d, d, generator)};
}

core::AttentionParameters<double> zero_attention(const core::AttentionParameters<double>& p) {
  return {zero_linear(p.w_q), zero_linear(p.w_k), zero_linear(p.w_v), zero_linear(p.w_o)};
}

core::LayerNormParameters<double> random_norm(Eigen::Index d, std::mt19937_64& generator) {
  return {Matrix::Ones(1, d) + random_matrix(1, d, generator, 0.2), random_matrix(1, d, generator, 0.2)};
}

core::LayerNormParameters<double> zero_norm(Eigen::Index d) {
  return {Matrix::Zero(1, d), Matrix::Zero(1, d)};
}

core::FeedForwardParameters<double> random_feed_forward(Eigen::Index d, Eigen::Index d_ff, std::mt19937_64& generator) {
  return {random_linear(d_ff, d, generator), random_linear(d, d_ff, generator)};
}

core::FeedForwardParameters<double> zero_feed_forward(const core::FeedForwardParameters<double>& p) {
  return {zero_linear(p.fc1), zero_linear(p.fc2)};
}

void expect_linear_gradients(const std::string& what, const std::function<double()>& objective,
                             core::LinearParameters<double>& p, const core::LinearParameters<double>& grad) {
  expect_gradient(what + " weight", objective, p.weight, grad.weight);
  expect_gradient(what + " bias", objective, p.bias, grad.bias);
}

void expect_attention_gradients(const std::string& what, const std::function<double()>& objective,
                                core::AttentionParameters<double>& p, const core::AttentionParameters<double>& grad) {
  expect_linear_gradients(what + " W^q", objective, p.w_q, grad.w_q);
  expect_linear_gradients(what + " W^k", objective, p.w_k, grad.w_k);
  expect_linear_gradients(what + " W^v", objective, p.w_v, grad.w_v);
  expect_linear_gradients(what + " W^O", objective, p.w_o, grad.w_o);
}

void expect_norm_gradients(const std::string& what, const std::function<double()>& objective,
                           core::LayerNormParameters<double>& p, const core::LayerNormParameters<double>& grad) {
  expect_gradient(what + " gamma", objective, p.gamma, grad.gamma);
  expect_gradient(what + " beta", objective, p.beta, grad.beta);
}

void expect_feed_forward_gradients(const std::string& what, const std::function<double()>& objective,
                                   core::FeedForwardParameters<double>& p,
                                   const core::FeedForwardParameters<double>& grad) {
  expect_linear_gradients(what + " fc1", objective, p.fc1, grad.fc1);
  expect_linear_gradients(what + " fc2", objective, p.fc2, grad.fc2);
}

TEST(TrainingGradients, Linear) {
  std::mt19937_64 generator(1);
  Matrix x = random_matrix(5, 4, generator);
  core::LinearParameters<double> p = random_linear(3, 4, generator);
  const Matrix r = random_matrix(5, 3, generator);
  const auto objective = [&] { return weighted_sum(core::linear_forward(x, p), r); };
  core::LinearParameters<double> grad = zero_linear(p);
  const Matrix d_x = core::linear_backward(x, r, p, grad);
  expect_linear_gradients("linear", objective, p, grad);
  expect_gradient("linear x", objective, x, d_x);
}

TEST(TrainingGradients, LayerNorm) {
  std::mt19937_64 generator(2);
  Matrix x = random_matrix(4, 6, generator, 2.0);
  core::LayerNormParameters<double> p = random_norm(6, generator);
  const Matrix r = random_matrix(4, 6, generator);
  const auto objective = [&] {
    core::LayerNormCache<double> cache;
    return weighted_sum(core::layer_norm_forward(x, p, 1e-5, cache), r);
  };
  core::LayerNormCache<double> cache;
  core::layer_norm_forward(x, p, 1e-5, cache);
  core::LayerNormParameters<double> grad = zero_norm(6);
  const Matrix d_x = core::layer_norm_backward(r, p, cache, grad);
  expect_norm_gradients("layer norm", objective, p, grad);
  expect_gradient("layer norm x", objective, x, d_x);
}

TEST(TrainingGradients, MaskedSoftmax) {
  std::mt19937_64 generator(3);
  for (const bool causal : {false, true}) {
    Matrix alpha = random_matrix(4, causal ? 4 : 6, generator, 2.0);
    const Matrix r = random_matrix(alpha.rows(), alpha.cols(), generator);
    const auto objective = [&] { return weighted_sum(core::masked_softmax_forward(alpha, causal), r); };
    const Matrix alpha_hat = core::masked_softmax_forward(alpha, causal);
    expect_gradient(causal ? "causal softmax" : "softmax", objective, alpha,
                    core::masked_softmax_backward(alpha_hat, r));
    if (causal) {
      EXPECT_EQ(alpha_hat(0, 1), 0.0) << "masked entries are exactly 0";
    }
  }
}

TEST(TrainingGradients, SelfAttentionOverTwoExamples) {
  std::mt19937_64 generator(4);
  const core::Segments segments = {{0, 3}, {3, 5}};
  Matrix x = random_matrix(8, 8, generator);
  core::AttentionParameters<double> p = random_attention(8, generator);
  const Matrix r = random_matrix(8, 8, generator);
  for (const bool causal : {false, true}) {
    const auto objective = [&] {
      core::AttentionCache<double> cache;
      return weighted_sum(core::attention_forward(x, x, segments, segments, p, 2, causal, cache), r);
    };
    core::AttentionCache<double> cache;
    core::attention_forward(x, x, segments, segments, p, 2, causal, cache);
    core::AttentionParameters<double> grad = zero_attention(p);
    const core::AttentionInputGradients<double> d = core::attention_backward(r, segments, segments, p, 2, cache, grad);
    const std::string what = causal ? "masked self-attention" : "self-attention";
    expect_attention_gradients(what, objective, p, grad);
    expect_gradient(what + " x", objective, x, d.d_x_q + d.d_x_kv);
  }
}

TEST(TrainingGradients, CrossAttention) {
  std::mt19937_64 generator(5);
  const core::Segments queries = {{0, 2}, {2, 4}};
  const core::Segments keys = {{0, 5}, {5, 3}};
  Matrix x_q = random_matrix(6, 8, generator);
  Matrix x_kv = random_matrix(8, 8, generator);
  core::AttentionParameters<double> p = random_attention(8, generator);
  const Matrix r = random_matrix(6, 8, generator);
  const auto objective = [&] {
    core::AttentionCache<double> cache;
    return weighted_sum(core::attention_forward(x_q, x_kv, queries, keys, p, 4, false, cache), r);
  };
  core::AttentionCache<double> cache;
  core::attention_forward(x_q, x_kv, queries, keys, p, 4, false, cache);
  core::AttentionParameters<double> grad = zero_attention(p);
  const core::AttentionInputGradients<double> d = core::attention_backward(r, queries, keys, p, 4, cache, grad);
  expect_attention_gradients("cross-attention", objective, p, grad);
  expect_gradient("cross-attention x_q", objective, x_q, d.d_x_q);
  expect_gradient("cross-attention x_kv", objective, x_kv, d.d_x_kv);
}

TEST(TrainingGradients, FeedForward) {
  std::mt19937_64 generator(6);
  Matrix x = random_matrix(5, 6, generator);
  core::FeedForwardParameters<double> p = random_feed_forward(6, 12, generator);
  const Matrix r = random_matrix(5, 6, generator);
  const auto objective = [&] {
    core::FeedForwardCache<double> cache;
    return weighted_sum(core::feed_forward_forward(x, p, cache), r);
  };
  core::FeedForwardCache<double> cache;
  core::feed_forward_forward(x, p, cache);
  core::FeedForwardParameters<double> grad = zero_feed_forward(p);
  const Matrix d_x = core::feed_forward_backward(r, p, cache, grad);
  expect_feed_forward_gradients("feed-forward", objective, p, grad);
  expect_gradient("feed-forward x", objective, x, d_x);
}

TEST(TrainingGradients, EmbeddingWithPositions) {
  std::mt19937_64 generator(7);
  const std::vector<int> ids = {2, 5, 5, 1, 2, 7, 0};  // repeated ids add up in the table's gradient
  const core::Segments segments = {{0, 3}, {3, 4}};
  Matrix table = random_matrix(8, 6, generator);
  const Matrix positions = random_matrix(4, 6, generator);
  const Matrix r = random_matrix(7, 6, generator);
  const double scale = std::sqrt(6.0);
  const auto objective = [&] { return weighted_sum(core::embedding_forward(ids, segments, table, positions, scale), r); };
  Matrix grad = Matrix::Zero(8, 6);
  core::embedding_backward(ids, r, scale, grad);
  expect_gradient("embedding", objective, table, grad);
}

TEST(TrainingGradients, Dropout) {
  std::mt19937_64 generator(8);
  Matrix x = random_matrix(4, 5, generator);
  const Matrix r = random_matrix(4, 5, generator);
  // The same seed every evaluation gives the same mask, so the function is differentiable.
  const auto objective = [&] {
    std::mt19937_64 masks(99);
    core::DropoutCache<double> cache;
    return weighted_sum(core::dropout_forward(x, core::DropoutSettings{0.3, &masks}, cache), r);
  };
  std::mt19937_64 masks(99);
  core::DropoutCache<double> cache;
  const Matrix y = core::dropout_forward(x, core::DropoutSettings{0.3, &masks}, cache);
  EXPECT_GT((y.array() == 0.0).count(), 0) << "some entries dropped";
  expect_gradient("dropout", objective, x, core::dropout_backward(r, cache));
}

TEST(TrainingGradients, CrossEntropyWithLabelSmoothing) {
  std::mt19937_64 generator(9);
  Matrix logits = random_matrix(5, 7, generator, 2.0);
  const std::vector<int> labels = {3, -1, 0, 6, 2};  // row 1 is not scored
  for (const double smoothing : {0.0, 0.1}) {
    const auto objective = [&] { return core::cross_entropy(logits, labels, smoothing, 0.25).loss_sum * 0.25; };
    const core::LossResult<double> loss = core::cross_entropy(logits, labels, smoothing, 0.25);
    EXPECT_EQ(loss.scored, 4);
    EXPECT_EQ(loss.d_logits.row(1).norm(), 0.0);
    expect_gradient(smoothing > 0 ? "smoothed cross-entropy" : "cross-entropy", objective, logits, loss.d_logits);
  }
}

core::ModelConfig layer_config() {
  core::ModelConfig config;
  config.d_model = 8;
  config.heads = 2;
  config.d_ff = 16;
  config.layer_norm_eps = 1e-5f;
  return config;
}

TEST(TrainingGradients, EncoderLayerWithDropout) {
  std::mt19937_64 generator(10);
  const core::ModelConfig config = layer_config();
  const core::Segments segments = {{0, 4}, {4, 3}};
  Matrix x = random_matrix(7, 8, generator);
  core::EncoderLayerParameters<double> p{random_attention(8, generator), random_norm(8, generator),
                                         random_feed_forward(8, 16, generator), random_norm(8, generator)};
  const Matrix r = random_matrix(7, 8, generator);
  const auto run = [&](core::EncoderLayerCache<double>& cache) {
    std::mt19937_64 masks(5);
    return core::encoder_layer_forward(x, segments, p, config, core::DropoutSettings{0.1, &masks}, cache);
  };
  const auto objective = [&] {
    core::EncoderLayerCache<double> cache;
    return weighted_sum(run(cache), r);
  };
  core::EncoderLayerCache<double> cache;
  run(cache);
  core::EncoderLayerParameters<double> grad{zero_attention(p.self_attention), zero_norm(8),
                                            zero_feed_forward(p.feed_forward), zero_norm(8)};
  const Matrix d_x = core::encoder_layer_backward(r, segments, p, config, cache, grad);
  expect_attention_gradients("encoder self-attention", objective, p.self_attention, grad.self_attention);
  expect_norm_gradients("encoder attention norm", objective, p.self_attention_norm, grad.self_attention_norm);
  expect_feed_forward_gradients("encoder", objective, p.feed_forward, grad.feed_forward);
  expect_norm_gradients("encoder final norm", objective, p.feed_forward_norm, grad.feed_forward_norm);
  expect_gradient("encoder layer x", objective, x, d_x);
}

TEST(TrainingGradients, DecoderLayerWithCrossAttentionAndDropout) {
  std::mt19937_64 generator(11);
  const core::ModelConfig config = layer_config();
  const core::Segments targets = {{0, 3}, {3, 2}};
  const core::Segments sources = {{0, 4}, {4, 5}};
  Matrix x = random_matrix(5, 8, generator);
  Matrix encoder_output = random_matrix(9, 8, generator);
  core::DecoderLayerParameters<double> p{random_attention(8, generator), random_norm(8, generator),
                                         random_attention(8, generator), random_norm(8, generator),
                                         random_feed_forward(8, 16, generator), random_norm(8, generator)};
  const Matrix r = random_matrix(5, 8, generator);
  const auto run = [&](core::DecoderLayerCache<double>& cache) {
    std::mt19937_64 masks(6);
    return core::decoder_layer_forward(x, targets, encoder_output, sources, p, config,
                                       core::DropoutSettings{0.1, &masks}, cache);
  };
  const auto objective = [&] {
    core::DecoderLayerCache<double> cache;
    return weighted_sum(run(cache), r);
  };
  core::DecoderLayerCache<double> cache;
  run(cache);
  core::DecoderLayerParameters<double> grad{zero_attention(p.self_attention), zero_norm(8),
                                            zero_attention(p.cross_attention), zero_norm(8),
                                            zero_feed_forward(p.feed_forward), zero_norm(8)};
  Matrix d_encoder_output = Matrix::Zero(9, 8);
  const Matrix d_x = core::decoder_layer_backward(r, targets, sources, p, config, cache, grad, d_encoder_output);
  expect_attention_gradients("decoder self-attention", objective, p.self_attention, grad.self_attention);
  expect_norm_gradients("decoder self norm", objective, p.self_attention_norm, grad.self_attention_norm);
  expect_attention_gradients("decoder cross-attention", objective, p.cross_attention, grad.cross_attention);
  expect_norm_gradients("decoder cross norm", objective, p.cross_attention_norm, grad.cross_attention_norm);
  expect_feed_forward_gradients("decoder", objective, p.feed_forward, grad.feed_forward);
  expect_norm_gradients("decoder final norm", objective, p.feed_forward_norm, grad.feed_forward_norm);
  expect_gradient("decoder layer x", objective, x, d_x);
  expect_gradient("decoder layer encoder output", objective, encoder_output, d_encoder_output);
}

}  // namespace
