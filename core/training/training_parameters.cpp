#include "training/training_parameters.h"

#include <cmath>
#include <random>
#include <stdexcept>

namespace core {

namespace {

template <typename Scalar>
LinearParameters<Scalar> linear_shape(Eigen::Index out, Eigen::Index in) {
  return {Tensor<Scalar>::Zero(out, in), Tensor<Scalar>::Zero(1, out)};
}

template <typename Scalar>
LayerNormParameters<Scalar> norm_shape(Eigen::Index d) {
  return {Tensor<Scalar>::Ones(1, d), Tensor<Scalar>::Zero(1, d)};
}

template <typename Scalar>
AttentionParameters<Scalar> attention_shape(Eigen::Index d) {
  return {linear_shape<Scalar>(d, d), linear_shape<Scalar>(d, d), linear_shape<Scalar>(d, d),
          linear_shape<Scalar>(d, d)};
}

template <typename Scalar>
FeedForwardParameters<Scalar> feed_forward_shape(Eigen::Index d, Eigen::Index d_ff) {
  return {linear_shape<Scalar>(d_ff, d), linear_shape<Scalar>(d, d_ff)};
}

template <typename Scalar>
TransformerParameters<Scalar> parameter_shapes(const ModelConfig& config) {
  const Eigen::Index d = config.d_model;
  TransformerParameters<Scalar> p;
  if (config.has_encoder()) {
    EncoderParameters<Scalar>& encoder = p.encoder.emplace();
    encoder.embed_tokens = Tensor<Scalar>::Zero(config.source_vocab_size, d);
    for (int l = 0; l < config.encoder_layers; ++l) {
      encoder.layers.push_back({attention_shape<Scalar>(d), norm_shape<Scalar>(d),
                                feed_forward_shape<Scalar>(d, config.d_ff), norm_shape<Scalar>(d)});
    }
  }
  p.decoder.embed_tokens = Tensor<Scalar>::Zero(config.target_vocab_size, d);
  for (int l = 0; l < config.decoder_layers; ++l) {
    DecoderLayerParameters<Scalar> layer{attention_shape<Scalar>(d), norm_shape<Scalar>(d), {}, {},
                                         feed_forward_shape<Scalar>(d, config.d_ff), norm_shape<Scalar>(d)};
    if (config.has_encoder()) {
      layer.cross_attention = attention_shape<Scalar>(d);
      layer.cross_attention_norm = norm_shape<Scalar>(d);
    }
    p.decoder.layers.push_back(std::move(layer));
  }
  p.lm_head = linear_shape<Scalar>(config.target_vocab_size, d);
  return p;
}

}  // namespace

void check_trainable(const ModelConfig& config) {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("the trainer cannot train " + what); };
  if (config.architecture == Architecture::EncoderOnly) fail("encoder-only models");
  if (config.norm_placement != NormPlacement::PostNorm) fail("pre-LN models; it trains the paper's post-LN");
  if (config.activation != Activation::Relu) fail("activations other than ReLU");
  if (config.positional_encoding != PositionalEncoding::SinusoidalInterleaved) {
    fail("positional encodings other than the paper's sinusoid");
  }
  if (config.embedding_layer_norm || config.shared_embeddings || config.tied_output || !config.output_bias) {
    fail("embedding LayerNorm, shared or tied tables, or an output layer without bias");
  }
  if (config.d_model <= 0 || config.heads <= 0 || config.d_model % config.heads != 0 || config.d_ff <= 0) {
    fail("d_model " + std::to_string(config.d_model) + " with " + std::to_string(config.heads) +
         " heads: heads must divide d_model");
  }
  if (config.decoder_layers < 1 || (config.has_encoder() && config.encoder_layers < 1)) fail("a stack with no layers");
}

template <typename Scalar>
TransformerParameters<Scalar> initial_parameters(const ModelConfig& config, std::uint64_t seed) {
  check_trainable(config);
  TransformerParameters<Scalar> p = parameter_shapes<Scalar>(config);
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> embedding_normal(0.0, 1.0 / std::sqrt(static_cast<double>(config.d_model)));
  for_each_tensor(
      [&](const std::string& name, Tensor<Scalar>& tensor) {
        if (name.ends_with("embed_tokens.weight")) {
          for (Eigen::Index i = 0; i < tensor.size(); ++i) tensor.data()[i] = static_cast<Scalar>(embedding_normal(generator));
        } else if (name.ends_with(".weight") && tensor.rows() > 1) {
          // Xavier/Glorot uniform: keeps activations' variance about constant through the layer.
          const double limit = std::sqrt(6.0 / static_cast<double>(tensor.rows() + tensor.cols()));
          std::uniform_real_distribution<double> uniform(-limit, limit);
          for (Eigen::Index i = 0; i < tensor.size(); ++i) tensor.data()[i] = static_cast<Scalar>(uniform(generator));
        }
      },
      p);
  return p;
}

template <typename Scalar>
TransformerParameters<Scalar> zeros_like(const TransformerParameters<Scalar>& parameters) {
  TransformerParameters<Scalar> zeros = parameters;
  for_each_tensor([](const std::string&, Tensor<Scalar>& tensor) { tensor.setZero(); }, zeros);
  return zeros;
}

template <typename Scalar>
std::map<std::string, std::vector<float>> native_tensors(const TransformerParameters<Scalar>& parameters) {
  std::map<std::string, std::vector<float>> tensors;
  for_each_tensor(
      [&](const std::string& name, const Tensor<Scalar>& tensor) {
        // Row-major storage is already the [out, in] order safetensors expects.
        std::vector<float>& values = tensors[name];
        values.resize(static_cast<std::size_t>(tensor.size()));
        for (Eigen::Index i = 0; i < tensor.size(); ++i) values[static_cast<std::size_t>(i)] = static_cast<float>(tensor.data()[i]);
      },
      parameters);
  return tensors;
}

template TransformerParameters<float> initial_parameters(const ModelConfig&, std::uint64_t);
template TransformerParameters<double> initial_parameters(const ModelConfig&, std::uint64_t);
template TransformerParameters<float> zeros_like(const TransformerParameters<float>&);
template TransformerParameters<double> zeros_like(const TransformerParameters<double>&);
template std::map<std::string, std::vector<float>> native_tensors(const TransformerParameters<float>&);
template std::map<std::string, std::vector<float>> native_tensors(const TransformerParameters<double>&);

}  // namespace core
