// Config checks and value parsing shared by every family.
#include <cstdint>
#include <string>

#include "families/model_families.h"
#include "tensor/errors.h"

namespace core {

Activation parse_activation(const ConfigReader& reader, const std::string& key) {
  const std::string name = reader.string(key);
  if (name == "relu") return Activation::Relu;
  if (name == "gelu") return Activation::GeluErf;
  if (name == "gelu_new" || name == "gelu_tanh" || name == "gelu_pytorch_tanh") return Activation::GeluTanh;
  if (name == "silu" || name == "swish") return Activation::Silu;
  reader.fail("'" + key + "' is \"" + name + "\"; supported: relu, gelu, gelu_new (gelu_tanh), silu (swish)");
}

void check_config_sizes(const ModelConfig& config) {
  const auto fail = [](const std::string& what) { throw LoadError("config.json: " + what); };
  // The upper bounds keep the 64-bit size arithmetic below from overflowing; real models are far smaller.
  const auto check_positive = [&](const char* key, int value, int at_most = 1 << 24) {
    if (value <= 0) fail(std::string("'") + key + "' must be positive, got " + std::to_string(value));
    if (value > at_most) {
      fail(std::string("'") + key + "' is " + std::to_string(value) + "; at most " + std::to_string(at_most) +
           " is supported");
    }
  };
  check_positive("d_model", config.d_model, 1 << 16);
  check_positive("heads", config.heads, 1 << 16);
  check_positive("d_ff", config.d_ff, 1 << 18);
  check_positive("max_positions", config.max_positions);
  if (config.has_encoder()) {
    check_positive("encoder_layers", config.encoder_layers, 1 << 12);
    check_positive("source_vocab_size", config.source_vocab_size);
  }
  if (config.has_decoder()) {
    check_positive("decoder_layers", config.decoder_layers, 1 << 12);
    check_positive("target_vocab_size", config.target_vocab_size);
  }
  if (config.d_model % config.heads != 0) {
    fail(std::to_string(config.heads) + " heads do not divide d_model " + std::to_string(config.d_model));
  }
  const bool sinusoidal = config.positional_encoding == PositionalEncoding::SinusoidalInterleaved ||
                          config.positional_encoding == PositionalEncoding::SinusoidalHalves;
  if (sinusoidal && config.d_model % 2 != 0) {
    fail("sinusoidal positions need an even d_model, got " + std::to_string(config.d_model));
  }
  if (config.position_offset < 0) fail("'position_offset' must not be negative");
  const std::int64_t position_floats = std::int64_t{config.max_positions} * config.d_model;
  // A sinusoidal table is computed at load and kept in memory (a learned one is mapped from the
  // file and checked against it), so a mistyped max_positions would cost gigabytes and minutes
  // before any message (found by fuzz_config). 64 MiB is 16,384 positions at d_model 1,024; the
  // fairseq, Marian and BART checkpoints use at most 1,026.
  constexpr std::int64_t max_table_bytes = std::int64_t{64} << 20;
  const std::int64_t table_bytes = position_floats * std::int64_t{sizeof(float)};
  if (sinusoidal && table_bytes > max_table_bytes) {
    fail("'max_positions' is " + std::to_string(config.max_positions) + ": its sinusoidal table at d_model " +
         std::to_string(config.d_model) + " would take " + std::to_string(table_bytes >> 20) +
         " MiB; at most 64 MiB (" + std::to_string(max_table_bytes / std::int64_t{sizeof(float)} / config.d_model) +
         " positions at this d_model) is supported");
  }
  constexpr std::int64_t max_bytes = std::int64_t{16} << 30;
  // Position tables computed by the loader count too: a huge max_positions allocates them.
  const std::int64_t bytes = (config.parameter_count() + position_floats) * std::int64_t{sizeof(float)};
  if (bytes > max_bytes) {
    fail("the sizes imply " + std::to_string(bytes >> 20) + " MiB of weights; the limit is 16 GiB");
  }
}

namespace {

std::int64_t attention_parameters(const AttentionSpec& a, std::int64_t d) {
  const std::int64_t q = std::int64_t{a.heads} * a.head_dim;
  const std::int64_t kv = std::int64_t{a.kv_heads} * a.head_dim;
  return d * q + 2 * d * kv + q * d + q + 2 * kv + d;
}

std::int64_t stack_parameters(const StackSpec& stack, std::int64_t d, std::int64_t vocab, std::int64_t positions) {
  std::int64_t count = vocab * d + positions * d;
  for (const BlockSpec& block : stack.blocks) {
    count += attention_parameters(block.self_attention, d);
    if (block.cross_attention) count += attention_parameters(block.cross, d);
    const std::int64_t ff = block.feed_forward.d_ff;
    count += (block.feed_forward.gated ? 3 : 2) * ff * d + ff + d + 8 * d;
  }
  return count;
}

}  // namespace

void check_spec_sizes(const ModelSpec& spec, const ConfigReader& reader) {
  // 64-bit arithmetic on bounded sizes: an absurd config is refused before anything is allocated.
  const std::int64_t d = spec.d_model;
  if (d <= 0 || d > (1 << 16)) reader.fail("the hidden size " + std::to_string(d) + " is out of range (1..65536)");
  if (spec.max_positions <= 0 || spec.max_positions > (1 << 24)) {
    reader.fail("the maximum length " + std::to_string(spec.max_positions) + " is out of range (1..16777216)");
  }
  for (const StackSpec* stack : {&spec.encoder, &spec.decoder}) {
    if (stack->layers() > (1 << 12)) reader.fail(std::to_string(stack->layers()) + " layers: at most 4096 are supported");
    for (const BlockSpec& block : stack->blocks) {
      const AttentionSpec& a = block.self_attention;
      if (a.heads <= 0 || a.heads > (1 << 12) || a.head_dim <= 0 || a.head_dim > (1 << 14) ||
          block.feed_forward.d_ff <= 0 || block.feed_forward.d_ff > (1 << 20)) {
        reader.fail("the head count, head size or feed-forward size is out of range");
      }
    }
  }
  const std::int64_t positions = spec.max_positions;
  std::int64_t count = 0;
  if (spec.has_encoder()) count += stack_parameters(spec.encoder, d, spec.source_vocab_size, positions);
  if (spec.has_decoder()) count += stack_parameters(spec.decoder, d, spec.target_vocab_size, positions);
  constexpr std::int64_t max_bytes = std::int64_t{16} << 30;
  const std::int64_t bytes = count * std::int64_t{sizeof(float)};
  if (bytes > max_bytes) reader.fail("the sizes imply " + std::to_string(bytes >> 20) + " MiB of weights; the limit is 16 GiB");
}

LinearWeights bind_linear(WeightBinder& binder, const std::string& prefix, Eigen::Index out, Eigen::Index in,
                          bool with_bias) {
  LinearWeights linear;
  linear.weight = binder.matrix(prefix + "weight", out, in);
  if (with_bias) linear.bias = binder.vector(prefix + "bias", out);
  return linear;
}

NormWeights bind_norm(WeightBinder& binder, const std::string& prefix, Eigen::Index size, bool with_beta) {
  NormWeights norm;
  norm.gamma = binder.vector(prefix + "weight", size);
  if (with_beta) norm.beta = binder.vector(prefix + "bias", size);
  return norm;
}

std::string class_name(const ConfigReader& reader) {
  const nlohmann::json& json = reader.json();
  const auto architectures = json.find("architectures");
  if (architectures == json.end() || !architectures->is_array() || architectures->empty() ||
      !architectures->front().is_string()) {
    return {};
  }
  return architectures->front().get<std::string>();
}

}  // namespace core
