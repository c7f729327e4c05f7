#include "model/model_spec.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace core {

int ModelSpec::heads() const {
  const StackSpec& stack = has_encoder() ? encoder : decoder;
  return stack.blocks.empty() ? 0 : stack.blocks.front().self_attention.heads;
}

int ModelSpec::layers(AttentionKind kind) const {
  switch (kind) {
    case AttentionKind::EncoderSelf: return has_encoder() ? encoder.layers() : 0;
    case AttentionKind::DecoderSelf: return has_decoder() ? decoder.layers() : 0;
    case AttentionKind::DecoderCross: return has_encoder() && has_decoder() ? decoder.layers() : 0;
  }
  return 0;
}

const AttentionSpec& ModelSpec::attention(AttentionKind kind, int layer) const {
  if (kind == AttentionKind::EncoderSelf) return encoder.blocks.at(layer).self_attention;
  const BlockSpec& block = decoder.blocks.at(layer);
  return kind == AttentionKind::DecoderCross ? block.cross : block.self_attention;
}

namespace {

double attention_flops(const AttentionSpec& a, double d, double queries, double keys) {
  const double q = static_cast<double>(a.heads) * a.head_dim;
  const double kv = static_cast<double>(a.kv_heads) * a.head_dim;
  // projections (q, o from the queries' rows; k, v from the keys') + Q Kᵀ and α̂ V over every head
  return 2 * queries * d * (2 * q) + 2 * keys * d * (2 * kv) + 2 * 2 * queries * keys * q;
}

double stack_flops(const StackSpec& stack, double d, double length, double memory) {
  double flops = 0;
  for (const BlockSpec& block : stack.blocks) {
    flops += attention_flops(block.self_attention, d, length, length);
    if (block.cross_attention && memory > 0) flops += attention_flops(block.cross, d, length, memory);
    const double matrices = block.feed_forward.gated ? 3 : 2;
    flops += 2 * matrices * length * d * block.feed_forward.d_ff;
  }
  return flops;
}

std::string format_number(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// The 2017 block: full multi-head attention with biases, d_model = heads · d_k, plain FFN.
BlockSpec classic_block(const ModelConfig& config, MaskKind mask, bool cross_attention) {
  BlockSpec block;
  AttentionSpec& attention = block.self_attention;
  attention.heads = config.heads;
  attention.kv_heads = config.heads;
  attention.head_dim = config.head_dim();
  attention.scale = 1.0f / std::sqrt(static_cast<float>(attention.head_dim));
  attention.mask = mask;
  block.cross_attention = cross_attention;
  if (cross_attention) {
    block.cross = attention;
    block.cross.mask = MaskKind::None;
  }
  block.feed_forward = FeedForwardSpec{config.d_ff, config.activation, false, true};
  block.norm = NormSpec{NormKind::LayerNorm, config.layer_norm_eps, false};
  block.layout = config.norm_placement == NormPlacement::PreNorm ? ResidualLayout::PreNorm : ResidualLayout::PostNorm;
  return block;
}

StackSpec classic_stack(const ModelConfig& config, int layers, MaskKind mask, bool cross_attention) {
  StackSpec stack;
  stack.embedding.scale = config.scale_embedding ? std::sqrt(static_cast<float>(config.d_model)) : 1.0f;
  stack.embedding.positions = config.positional_encoding;
  stack.embedding.position_offset = config.position_offset;
  stack.embedding.token_type = config.token_type_embedding;
  stack.embedding.norm = config.embedding_layer_norm;
  stack.embedding.norm_spec = NormSpec{NormKind::LayerNorm, config.layer_norm_eps, false};
  stack.blocks.assign(layers, classic_block(config, mask, cross_attention));
  stack.final_norm = config.norm_placement == NormPlacement::PreNorm;
  stack.final_norm_spec = NormSpec{NormKind::LayerNorm, config.layer_norm_eps, false};
  return stack;
}

}  // namespace

ModelSpec spec_from_config(const ModelConfig& config) {
  ModelSpec spec;
  spec.name = config.name;
  spec.family = config.family;
  spec.architecture = config.architecture;
  spec.d_model = config.d_model;
  spec.source_vocab_size = config.source_vocab_size;
  spec.target_vocab_size = config.target_vocab_size;
  spec.max_positions = config.max_positions;
  if (config.has_encoder()) spec.encoder = classic_stack(config, config.encoder_layers, MaskKind::None, false);
  if (config.has_decoder()) {
    spec.decoder = classic_stack(config, config.decoder_layers, MaskKind::Causal, config.has_encoder());
  }
  spec.has_output_head = config.has_output_head;
  spec.output.transform = config.output_transform;
  spec.output.transform_activation = config.activation;
  spec.output.transform_norm = NormSpec{NormKind::LayerNorm, config.layer_norm_eps, false};
  spec.decoder_start_token_id = config.decoder_start_token_id;
  spec.eos_token_id = config.eos_token_id;
  return spec;
}

double forward_flops(const ModelSpec& spec, double source_length, double target_length) {
  const double d = spec.d_model;
  double flops = 0;
  if (spec.has_encoder()) flops += stack_flops(spec.encoder, d, source_length, 0);
  if (spec.has_decoder()) flops += stack_flops(spec.decoder, d, target_length, spec.has_encoder() ? source_length : 0);
  return flops;
}

std::string describe_positions(const ModelSpec& spec) {
  const StackSpec& stack = spec.has_encoder() ? spec.encoder : spec.decoder;
  if (stack.blocks.empty()) return "none";
  const AttentionSpec& attention = stack.blocks.front().self_attention;
  switch (attention.positions) {
    case ScorePositions::Rotary: {
      std::string text = "rotary θ = " + format_number(attention.rotary.theta);
      if (attention.rotary.rotary_dim != attention.head_dim) {
        text += ", " + std::to_string(attention.rotary.rotary_dim) + " of " + std::to_string(attention.head_dim) + " dims";
      }
      if (attention.rotary.scaling.type != RopeScalingType::None) {
        text += std::string(", ") + to_string(attention.rotary.scaling.type) + " ×" +
                format_number(attention.rotary.scaling.factor);
      }
      const std::vector<float>& factors = attention.rotary.frequency_factors;
      if (!factors.empty()) {
        const auto [low, high] = std::minmax_element(factors.begin(), factors.end());
        text += ", per-frequency factors " + format_number(*low) + "–" + format_number(*high);
      }
      return text;
    }
    case ScorePositions::RelativeBias:
      return "relative bias, " + std::to_string(attention.relative.buckets) + " buckets up to " +
             std::to_string(attention.relative.max_distance);
    case ScorePositions::Alibi:
      return "ALiBi";
    case ScorePositions::None:
      break;
  }
  std::string text = to_string(stack.embedding.positions);
  if (stack.embedding.position_offset != 0) text += " (offset " + std::to_string(stack.embedding.position_offset) + ")";
  return text;
}

std::string describe_attention(const ModelSpec& spec) {
  const StackSpec& stack = spec.has_encoder() ? spec.encoder : spec.decoder;
  const StackSpec& decoder = spec.has_decoder() ? spec.decoder : spec.encoder;
  if (stack.blocks.empty()) return {};
  const AttentionSpec& a = stack.blocks.front().self_attention;
  std::string text = std::to_string(a.heads) + " heads";
  if (a.kv_heads != a.heads) {
    text += ", " + std::to_string(a.kv_heads) + (a.kv_heads == 1 ? " key/value head (MQA)" : " key/value heads (GQA)");
  }
  text += ", head size " + std::to_string(a.head_dim);
  int windowed = 0;
  int window = 0;
  for (const BlockSpec& block : decoder.blocks) {
    if (block.self_attention.window > 0) {
      ++windowed;
      window = block.self_attention.window;
    }
  }
  if (windowed > 0) {
    text += ", window " + std::to_string(window);
    if (windowed < decoder.layers()) text += " on " + std::to_string(windowed) + " of " + std::to_string(decoder.layers()) + " layers";
  }
  if (a.soft_cap > 0.0f) text += ", soft-cap " + format_number(a.soft_cap);
  return text;
}

std::string describe_blocks(const ModelSpec& spec) {
  const StackSpec& stack = spec.has_encoder() ? spec.encoder : spec.decoder;
  if (stack.blocks.empty()) return {};
  const BlockSpec& block = stack.blocks.front();
  std::string text = to_string(block.norm.kind);
  if (block.norm.unit_offset) text += " (1 + γ)";
  text += std::string(", ") + to_string(block.layout);
  if (block.sublayer_output_norms) text += " + output norms";
  text += std::string(", ") + (block.feed_forward.gated ? "gated " : "") + to_string(block.feed_forward.activation) +
          " feed-forward " + std::to_string(block.feed_forward.d_ff);
  if (spec.output.soft_cap > 0.0f) text += ", logits soft-capped at " + format_number(spec.output.soft_cap);
  return text;
}

}  // namespace core
