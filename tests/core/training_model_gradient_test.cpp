// The whole Transformer — embeddings, positions, every layer, the output projection and the
// smoothed cross-entropy, with dropout on — checked against finite differences in double
// precision, tensor by tensor, for an encoder-decoder and a decoder-only model.
#include "training_gradient_check.h"
#include "training/training_loss.h"
#include "training/training_model.h"

namespace {

core::ModelConfig tiny_config(core::Architecture architecture) {
  core::ModelConfig config;
  config.architecture = architecture;
  config.d_model = 8;
  config.heads = 2;
  config.d_ff = 12;
  config.encoder_layers = architecture == core::Architecture::EncoderDecoder ? 2 : 0;
  config.decoder_layers = 2;
  config.source_vocab_size = 9;
  config.target_vocab_size = 10;
  config.max_positions = 8;
  config.scale_embedding = true;
  config.has_output_head = true;
  config.output_bias = true;
  return config;
}

core::TrainingBatch tiny_batch(bool with_source) {
  core::TrainingBatch batch;
  if (with_source) {
    batch.source_ids = {4, 5, 6, 3, 7, 8, 3};
    batch.source_segments = {{0, 4}, {4, 3}};
  }
  batch.target_ids = {2, 6, 7, 2, 9, 9, 4};
  batch.target_segments = {{0, 3}, {3, 4}};
  batch.labels = {6, 7, 3, -1, 9, 4, 3};
  return batch;
}

void check_model(core::Architecture architecture) {
  const core::ModelConfig config = tiny_config(architecture);
  core::TransformerParameters<double> p = core::initial_parameters<double>(config, 3);
  // Non-trivial biases and LayerNorm parameters, so their gradients are exercised away from init.
  std::mt19937_64 generator(4);
  core::for_each_tensor([&](const std::string&, test::Matrix& t) { t += test::random_matrix(t.rows(), t.cols(), generator, 0.1); },
                        p);
  const core::TrainingBatch batch = tiny_batch(config.has_encoder());
  const auto loss_of = [&](core::TransformerCache<double>& cache) {
    std::mt19937_64 masks(17);
    const test::Matrix logits = core::transformer_forward(p, config, batch, core::DropoutSettings{0.1, &masks}, cache);
    return core::cross_entropy(logits, batch.labels, 0.1, 1.0 / 6);
  };
  const auto objective = [&] {
    core::TransformerCache<double> cache;
    return loss_of(cache).loss_sum / 6;
  };
  core::TransformerCache<double> cache;
  const core::LossResult<double> loss = loss_of(cache);
  ASSERT_EQ(loss.scored, 6);
  core::TransformerParameters<double> grad = core::zeros_like(p);
  core::transformer_backward(p, config, batch, cache, loss.d_logits, grad);
  int checked = 0;
  core::for_each_tensor(
      [&](const std::string& name, test::Matrix& parameter, const test::Matrix& analytic) {
        test::expect_gradient(name, objective, parameter, analytic);
        ++checked;
      },
      p, grad);
  EXPECT_GT(checked, 30);
}

TEST(TrainingModelGradients, EncoderDecoder) {
  check_model(core::Architecture::EncoderDecoder);
}

TEST(TrainingModelGradients, DecoderOnly) {
  check_model(core::Architecture::DecoderOnly);
}

}  // namespace
