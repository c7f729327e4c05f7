// The fairseq/BART tensor naming shared by the native format, Marian and BART.
#include "families/model_families.h"
#include "nn/positional_encoding.h"

namespace core {

namespace {

AttentionWeights bind_attention(WeightBinder& binder, const std::string& prefix, Eigen::Index d) {
  AttentionWeights attention;
  attention.w_q = bind_linear(binder, prefix + "q_proj.", d, d);
  attention.w_k = bind_linear(binder, prefix + "k_proj.", d, d);
  attention.w_v = bind_linear(binder, prefix + "v_proj.", d, d);
  attention.w_o = bind_linear(binder, prefix + "out_proj.", d, d);
  return attention;
}

}  // namespace

std::vector<BlockWeights> bind_fairseq_blocks(WeightBinder& binder, const std::string& stack, const ModelConfig& config,
                                              int layers, bool cross_attention) {
  const Eigen::Index d = config.d_model;
  std::vector<BlockWeights> blocks;
  for (int l = 0; l < layers; ++l) {
    const std::string layer = stack + "layers." + std::to_string(l) + ".";
    BlockWeights weights;
    weights.self_attention = bind_attention(binder, layer + "self_attn.", d);
    weights.self_attention_norm = bind_norm(binder, layer + "self_attn_layer_norm.", d);
    if (cross_attention) {
      weights.cross_attention = bind_attention(binder, layer + "encoder_attn.", d);
      weights.cross_attention_norm = bind_norm(binder, layer + "encoder_attn_layer_norm.", d);
    }
    weights.feed_forward.up = bind_linear(binder, layer + "fc1.", config.d_ff, d);
    weights.feed_forward.down = bind_linear(binder, layer + "fc2.", d, config.d_ff);
    weights.feed_forward_norm = bind_norm(binder, layer + "final_layer_norm.", d);
    blocks.push_back(weights);
  }
  return blocks;
}

WeightMatrix bind_positions(WeightBinder& binder, const std::string& name, const ModelConfig& config) {
  switch (config.positional_encoding) {
    case PositionalEncoding::None:
      return {};
    case PositionalEncoding::Learned:
      return binder.float_matrix(name, config.max_positions + config.position_offset, config.d_model);
    case PositionalEncoding::SinusoidalInterleaved:
    case PositionalEncoding::SinusoidalHalves:
      break;
  }
  return binder.own(sinusoidal_table(config.max_positions, config.d_model, config.positional_encoding));
}

}  // namespace core
