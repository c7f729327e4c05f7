#pragma once
// Every trainable tensor of an encoder-decoder or decoder-only Transformer, owned by the trainer.
// Gradients and Adam's moments use the same structs, so one visitor walks parameters, gradients
// and moments side by side. The visitor names each tensor as the native format does
// (docs/model-format.md), which is how a trained model is saved.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nn/model_config.h"
#include "training/training_decoder_layer.h"
#include "training/training_encoder_layer.h"

namespace core {

template <typename Scalar>
struct EncoderParameters {
  Tensor<Scalar> embed_tokens;  // [source_vocab, d_model]
  std::vector<EncoderLayerParameters<Scalar>> layers;
};

template <typename Scalar>
struct DecoderParameters {
  Tensor<Scalar> embed_tokens;  // [target_vocab, d_model]
  std::vector<DecoderLayerParameters<Scalar>> layers;
};

template <typename Scalar>
struct TransformerParameters {
  std::optional<EncoderParameters<Scalar>> encoder;  // encoder-decoder models only
  DecoderParameters<Scalar> decoder;
  LinearParameters<Scalar> lm_head;  // [target_vocab, d_model]: the output projection before softmax
};

namespace visit_detail {

template <typename Visitor, typename... P>
void linear(Visitor& visit, const std::string& name, P&... p) {
  visit(name + "weight", p.weight...);
  visit(name + "bias", p.bias...);
}

template <typename Visitor, typename... P>
void norm(Visitor& visit, const std::string& name, P&... p) {
  visit(name + "weight", p.gamma...);
  visit(name + "bias", p.beta...);
}

template <typename Visitor, typename... P>
void attention(Visitor& visit, const std::string& name, P&... p) {
  linear(visit, name + "q_proj.", p.w_q...);
  linear(visit, name + "k_proj.", p.w_k...);
  linear(visit, name + "v_proj.", p.w_v...);
  linear(visit, name + "out_proj.", p.w_o...);
}

template <typename Visitor, typename... P>
void feed_forward(Visitor& visit, const std::string& name, P&... p) {
  linear(visit, name + "fc1.", p.fc1...);
  linear(visit, name + "fc2.", p.fc2...);
}

}  // namespace visit_detail

// Calls visit(name, tensor_of_each_argument...) for every tensor, in native-format order.
// All arguments must have the shape of the first (same config).
template <typename Visitor, typename First, typename... Rest>
void for_each_tensor(Visitor&& visit, First& first, Rest&... rest) {
  using namespace visit_detail;
  if (first.encoder) {
    visit("encoder.embed_tokens.weight", first.encoder->embed_tokens, rest.encoder->embed_tokens...);
    for (std::size_t l = 0; l < first.encoder->layers.size(); ++l) {
      const std::string name = "encoder.layers." + std::to_string(l) + ".";
      attention(visit, name + "self_attn.", first.encoder->layers[l].self_attention,
                rest.encoder->layers[l].self_attention...);
      norm(visit, name + "self_attn_layer_norm.", first.encoder->layers[l].self_attention_norm,
           rest.encoder->layers[l].self_attention_norm...);
      feed_forward(visit, name, first.encoder->layers[l].feed_forward, rest.encoder->layers[l].feed_forward...);
      norm(visit, name + "final_layer_norm.", first.encoder->layers[l].feed_forward_norm,
           rest.encoder->layers[l].feed_forward_norm...);
    }
  }
  visit("decoder.embed_tokens.weight", first.decoder.embed_tokens, rest.decoder.embed_tokens...);
  for (std::size_t l = 0; l < first.decoder.layers.size(); ++l) {
    const std::string name = "decoder.layers." + std::to_string(l) + ".";
    attention(visit, name + "self_attn.", first.decoder.layers[l].self_attention,
              rest.decoder.layers[l].self_attention...);
    norm(visit, name + "self_attn_layer_norm.", first.decoder.layers[l].self_attention_norm,
         rest.decoder.layers[l].self_attention_norm...);
    if (first.encoder) {
      attention(visit, name + "encoder_attn.", first.decoder.layers[l].cross_attention,
                rest.decoder.layers[l].cross_attention...);
      norm(visit, name + "encoder_attn_layer_norm.", first.decoder.layers[l].cross_attention_norm,
           rest.decoder.layers[l].cross_attention_norm...);
    }
    feed_forward(visit, name, first.decoder.layers[l].feed_forward, rest.decoder.layers[l].feed_forward...);
    norm(visit, name + "final_layer_norm.", first.decoder.layers[l].feed_forward_norm,
         rest.decoder.layers[l].feed_forward_norm...);
  }
  linear(visit, "lm_head.", first.lm_head, rest.lm_head...);
}

// The configs the trainer can train: the paper's Transformer (post-LN, ReLU, sinusoidal
// positions, output bias), encoder-decoder or decoder-only. Throws std::invalid_argument otherwise.
void check_trainable(const ModelConfig& config);

// Fresh parameters: Xavier-uniform Linear weights (as PyTorch's nn.Transformer), zero biases,
// LayerNorm γ = 1 and β = 0, token tables N(0, 1/d_model) so that with the sqrt(d_model) scale
// tokens and positions start at the same magnitude. Deterministic given seed.
template <typename Scalar>
TransformerParameters<Scalar> initial_parameters(const ModelConfig& config, std::uint64_t seed);

// Same shapes as parameters, all zeros (gradient accumulators, Adam's moments).
template <typename Scalar>
TransformerParameters<Scalar> zeros_like(const TransformerParameters<Scalar>& parameters);

// name → values in row-major order, what save_native_model takes.
template <typename Scalar>
std::map<std::string, std::vector<float>> native_tensors(const TransformerParameters<Scalar>& parameters);

}  // namespace core
