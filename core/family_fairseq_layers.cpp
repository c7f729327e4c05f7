#include "model_families.h"
#include "positional_encoding.h"

namespace core {

LinearWeights bind_linear(WeightBinder& binder, const std::string& prefix, Eigen::Index out, Eigen::Index in,
                          bool with_bias) {
  LinearWeights linear;
  linear.weight = binder.matrix(prefix + "weight", out, in);
  if (with_bias) linear.bias = binder.vector(prefix + "bias", out);
  return linear;
}

LayerNormWeights bind_layer_norm(WeightBinder& binder, const std::string& prefix, Eigen::Index size) {
  return LayerNormWeights{binder.vector(prefix + "weight", size), binder.vector(prefix + "bias", size)};
}

namespace {

AttentionWeights bind_attention(WeightBinder& binder, const std::string& prefix, Eigen::Index d) {
  return AttentionWeights{bind_linear(binder, prefix + "q_proj.", d, d), bind_linear(binder, prefix + "k_proj.", d, d),
                          bind_linear(binder, prefix + "v_proj.", d, d),
                          bind_linear(binder, prefix + "out_proj.", d, d)};
}

FeedForwardWeights bind_feed_forward(WeightBinder& binder, const std::string& prefix, const ModelConfig& config) {
  return FeedForwardWeights{bind_linear(binder, prefix + "fc1.", config.d_ff, config.d_model),
                            bind_linear(binder, prefix + "fc2.", config.d_model, config.d_ff)};
}

}  // namespace

std::vector<EncoderLayerWeights> bind_fairseq_encoder_layers(WeightBinder& binder, const std::string& stack,
                                                             const ModelConfig& config) {
  const Eigen::Index d = config.d_model;
  std::vector<EncoderLayerWeights> layers;
  for (int l = 0; l < config.encoder_layers; ++l) {
    const std::string layer = stack + "layers." + std::to_string(l) + ".";
    layers.push_back(EncoderLayerWeights{bind_attention(binder, layer + "self_attn.", d),
                                         bind_layer_norm(binder, layer + "self_attn_layer_norm.", d),
                                         bind_feed_forward(binder, layer, config),
                                         bind_layer_norm(binder, layer + "final_layer_norm.", d)});
  }
  return layers;
}

std::vector<DecoderLayerWeights> bind_fairseq_decoder_layers(WeightBinder& binder, const std::string& stack,
                                                             const ModelConfig& config, bool cross_attention) {
  const Eigen::Index d = config.d_model;
  std::vector<DecoderLayerWeights> layers;
  for (int l = 0; l < config.decoder_layers; ++l) {
    const std::string layer = stack + "layers." + std::to_string(l) + ".";
    DecoderLayerWeights weights;
    weights.self_attention = bind_attention(binder, layer + "self_attn.", d);
    weights.self_attention_norm = bind_layer_norm(binder, layer + "self_attn_layer_norm.", d);
    if (cross_attention) {
      weights.cross_attention = bind_attention(binder, layer + "encoder_attn.", d);
      weights.cross_attention_norm = bind_layer_norm(binder, layer + "encoder_attn_layer_norm.", d);
    }
    weights.feed_forward = bind_feed_forward(binder, layer, config);
    weights.feed_forward_norm = bind_layer_norm(binder, layer + "final_layer_norm.", d);
    layers.push_back(weights);
  }
  return layers;
}

WeightMatrix bind_positions(WeightBinder& binder, const std::string& name, const ModelConfig& config) {
  switch (config.positional_encoding) {
    case PositionalEncoding::None:
      return {};
    case PositionalEncoding::Learned:
      return binder.matrix(name, config.max_positions + config.position_offset, config.d_model);
    case PositionalEncoding::SinusoidalInterleaved:
    case PositionalEncoding::SinusoidalHalves:
      break;
  }
  return binder.own(sinusoidal_table(config.max_positions, config.d_model, config.positional_encoding));
}

}  // namespace core
