#include "families/gguf_model.h"

#include <cctype>
#include <cmath>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "io/gguf_binder.h"
#include "io/gguf_file.h"
#include "io/gguf_keys.h"
#include "model/memory_estimate.h"
#include "tensor/errors.h"
#include "text/tokenizer_gguf.h"

namespace core {

namespace {

struct GgufArchitecture {
  const char* name;       // general.architecture, also the prefix of its keys ("llama.block_count")
  bool qkv_bias;          // Qwen2: biases on q, k and v
  bool permuted_qk;       // llama: W^q and W^k rows permuted by the converter (gguf_model.h)
  bool gemma;             // embeddings × √d_model, GeGLU with tanh GELU
};

constexpr GgufArchitecture architectures[] = {
    {"llama", false, true, false},
    {"qwen2", true, false, false},
    {"gemma", false, false, true},
};

const GgufArchitecture& find_architecture(const GgufKeys& keys) {
  const std::string name = keys.string("general.architecture");
  for (const GgufArchitecture& architecture : architectures) {
    if (name == architecture.name) return architecture;
  }
  keys.fail("architecture '" + name +
            "' (general.architecture) is not supported; supported: llama (Llama, Mistral), qwen2, gemma");
}

// rope.scaling.type "none", "linear" (or the older rope.scale_linear) or "yarn" → the rotary spec's
// scaling, in HF v4.43's terms (the per-frequency factors of rope_freqs divide what it gives; RotarySpec).
// context: the file's context_length, which convert_hf_to_gguf.py writes from max_position_embeddings.
RopeScaling read_rope_scaling(const GgufKeys& keys, const std::string& prefix, int context) {
  RopeScaling scaling;
  scaling.max_positions = context;
  const std::string type_key = prefix + "rope.scaling.type";
  const std::string type = keys.optional_string(type_key).value_or("none");
  if (type == "none") {
    if (const std::optional<float> factor = keys.optional_positive_float(prefix + "rope.scale_linear")) {
      scaling.type = RopeScalingType::Linear;
      scaling.factor = *factor;
    }
    return scaling;
  }
  if (type != "linear" && type != "yarn") {
    keys.fail(type_key, "is \"" + type + "\"; supported: none, linear, yarn");
  }
  const std::string factor_key = prefix + "rope.scaling.factor";
  const std::optional<float> factor = keys.optional_positive_float(factor_key);
  if (!factor) keys.fail(factor_key, "is missing");
  scaling.factor = *factor;
  if (type == "linear") {
    scaling.type = RopeScalingType::Linear;
    return scaling;
  }
  // YaRN: HF v4.43 ramps between interpolated and kept frequencies over max_position_embeddings (the
  // file's context_length); llama.cpp over rope.scaling.original_context_length. Both agree when the
  // file states no other original length, the only case read here.
  const std::string original_key = prefix + "rope.scaling.original_context_length";
  if (const auto original = keys.optional_integer(original_key, 1, 1 << 24); original && *original != context) {
    keys.fail(original_key, "is " + std::to_string(*original) + " but '" + prefix + "context_length' is " +
                                std::to_string(context) + "; YaRN is read only when they are equal (HuggingFace and " +
                                "llama.cpp ramp over different lengths otherwise)");
  }
  // cos and sin × (0.1 ln s + 1), HF's default attention factor and llama.cpp's with attn_factor 1
  const std::string attn_key = prefix + "rope.scaling.attn_factor";
  if (const auto attn = keys.optional_positive_float(attn_key); attn && *attn != 1.0f) {
    keys.fail(attn_key, "is not 1; only YaRN's own attention factor 0.1 ln(factor) + 1 is supported");
  }
  scaling.type = RopeScalingType::Yarn;
  scaling.beta_fast = 32.0f;
  scaling.beta_slow = 1.0f;
  scaling.attention_factor = static_cast<float>(0.1 * std::log(static_cast<double>(scaling.factor)) + 1.0);
  return scaling;
}

// rope_freqs.weight: one factor f_i per rotary pair, ω_i / f_i (how convert_hf_to_gguf.py stores
// Llama 3's rope scaling: f_i = 1 for short wavelengths, the factor for long ones, a smooth blend
// between). Empty when the file has none.
std::vector<float> read_frequency_factors(const GgufFile& file, GgufBinder& binder, int pairs) {
  const std::string name = "rope_freqs.weight";
  if (!binder.has(name)) return {};
  const WeightVector stored = binder.vector(name, pairs);
  std::vector<float> factors(stored.data, stored.data + stored.size);
  for (std::size_t i = 0; i < factors.size(); ++i) {
    if (!(factors[i] > 0.0f)) {
      std::ostringstream value;
      value << factors[i];
      throw LoadError(file.file_name() + ": tensor '" + name + "' holds " + value.str() + " at element " +
                      std::to_string(i) + "; rope frequency factors must be positive");
    }
  }
  return factors;
}

// Binds rope_freqs.weight when the file has it (a spec value, not a layer's weight).
ModelSpec read_spec(const GgufKeys& keys, const GgufArchitecture& architecture, const GgufFile& file,
                    GgufBinder& binder) {
  const std::string p = std::string(architecture.name) + ".";
  ModelSpec spec;
  spec.family = architecture.name;
  spec.name = keys.optional_string("general.name").value_or(file.path().stem().string());
  spec.class_name = "GGUF (" + std::string(architecture.name) + ")";
  spec.architecture = Architecture::DecoderOnly;
  spec.d_model = static_cast<int>(keys.integer(p + "embedding_length", 1, 1 << 16));
  const auto layers = static_cast<int>(keys.integer(p + "block_count", 1, 1 << 12));
  const int context = static_cast<int>(keys.integer(p + "context_length", 1, 1 << 24));

  // The token table's rows: token_embd's second dimension (ne = [d_model, vocab]).
  const GgufTensor* embeddings = file.find_tensor("token_embd.weight");
  if (embeddings == nullptr) throw LoadError(file.file_name() + ": tensor 'token_embd.weight' is missing");
  if (embeddings->ne.size() != 2 || embeddings->ne[1] > (1 << 24)) {
    throw LoadError(file.file_name() + ": tensor 'token_embd.weight' has " + std::to_string(embeddings->ne.size()) +
                    " dimensions or too many rows; expected ne [" + std::to_string(spec.d_model) + ", vocabulary size]");
  }
  spec.target_vocab_size = static_cast<int>(embeddings->ne[1]);
  spec.source_vocab_size = spec.target_vocab_size;
  if (const auto eos = keys.optional_integer("tokenizer.ggml.eos_token_id", 0, (1 << 24) - 1)) {
    spec.eos_token_id = static_cast<int>(*eos);
  }

  AttentionSpec attention;
  const std::string heads_key = p + "attention.head_count";
  attention.heads = static_cast<int>(keys.integer(heads_key, 1, 1 << 12));
  const std::string kv_key = p + "attention.head_count_kv";
  attention.kv_heads = static_cast<int>(keys.optional_integer(kv_key, 1, 1 << 12).value_or(attention.heads));
  if (attention.heads % attention.kv_heads != 0) {
    keys.fail(kv_key, "(" + std::to_string(attention.kv_heads) + ") must divide '" + heads_key + "' (" +
                          std::to_string(attention.heads) + ")");
  }
  // key_length is the head size when it is not d_model / heads (Gemma, Mistral NeMo).
  const std::string key_length = p + "attention.key_length";
  if (const auto head_dim = keys.optional_integer(key_length, 1, 1 << 14)) {
    attention.head_dim = static_cast<int>(*head_dim);
  } else {
    if (spec.d_model % attention.heads != 0) {
      keys.fail(heads_key, "(" + std::to_string(attention.heads) + ") does not divide the embedding length " +
                               std::to_string(spec.d_model) + " and there is no '" + key_length + "'");
    }
    attention.head_dim = spec.d_model / attention.heads;
  }
  const std::string value_length = p + "attention.value_length";
  if (keys.optional_integer(value_length, 1, 1 << 14).value_or(attention.head_dim) != attention.head_dim) {
    keys.fail(value_length, "differs from the key length " + std::to_string(attention.head_dim) + "; not supported");
  }
  const std::string rope_dims = p + "rope.dimension_count";
  const auto rotary_dim = static_cast<int>(keys.optional_integer(rope_dims, 1, 1 << 14).value_or(attention.head_dim));
  if (rotary_dim != attention.head_dim || rotary_dim % 2 != 0) {
    keys.fail(rope_dims, "is " + std::to_string(rotary_dim) + "; expected the head size " +
                             std::to_string(attention.head_dim) + ", even");
  }
  const bool llama_bias = binder.has("blk.0.attn_q.bias");
  attention.q_bias = attention.k_bias = attention.v_bias = architecture.qkv_bias || llama_bias;
  attention.o_bias = binder.has("blk.0.attn_output.bias");
  attention.scale = 1.0f / std::sqrt(static_cast<float>(attention.head_dim));
  attention.positions = ScorePositions::Rotary;
  attention.rotary.theta = keys.optional_positive_float(p + "rope.freq_base").value_or(10000.0f);
  attention.rotary.rotary_dim = rotary_dim;
  attention.rotary.scaling = read_rope_scaling(keys, p, context);
  attention.rotary.frequency_factors = read_frequency_factors(file, binder, rotary_dim / 2);
  attention.mask = MaskKind::Causal;
  attention.window = static_cast<int>(keys.optional_integer(p + "attention.sliding_window", 1, 1 << 24).value_or(0));
  // linear and YaRN stretch the length the model was trained for, as for a safetensors model (llama_layout.cpp)
  const RopeScalingType scaling_type = attention.rotary.scaling.type;
  const float factor = scaling_type == RopeScalingType::Linear || scaling_type == RopeScalingType::Yarn
                           ? attention.rotary.scaling.factor
                           : 1.0f;
  spec.max_positions = static_cast<int>(std::min(std::ceil(static_cast<double>(context) * factor), double{1 << 24}));

  const std::string eps_key = p + "attention.layer_norm_rms_epsilon";
  const std::optional<float> eps = keys.optional_positive_float(eps_key);
  if (!eps) keys.fail(eps_key, "is missing");

  BlockSpec block;
  block.self_attention = attention;
  const auto d_ff = static_cast<int>(keys.integer(p + "feed_forward_length", 1, 1 << 20));
  // SwiGLU (Llama, Qwen2) or GeGLU with tanh GELU (Gemma).
  block.feed_forward = FeedForwardSpec{d_ff, architecture.gemma ? Activation::GeluTanh : Activation::Silu, true,
                                       binder.has("blk.0.ffn_up.bias")};
  // Gemma's (1 + γ) is already folded into the stored scale, so no unit offset here.
  block.norm = NormSpec{NormKind::RmsNorm, *eps, false};
  block.layout = ResidualLayout::PreNorm;
  spec.decoder.blocks.assign(static_cast<std::size_t>(layers), block);
  spec.decoder.final_norm = true;
  spec.decoder.final_norm_spec = block.norm;
  if (architecture.gemma) spec.decoder.embedding.scale = std::sqrt(static_cast<float>(spec.d_model));
  spec.has_output_head = true;
  return spec;
}

// The stored row of HF row r of a llama-converted W^q or W^k with heads of head_dim rows (gguf_model.h):
// HF row h·d + j·d/2 + i is GGUF row h·d + 2i + j.
GgufBinder::RowOrder unpermuted_rows(std::int64_t head_dim) {
  return [head_dim](std::int64_t r) {
    const std::int64_t half = head_dim / 2;
    const std::int64_t h = r / head_dim;
    const std::int64_t j = (r % head_dim) / half;
    const std::int64_t i = r % half;
    return h * head_dim + 2 * i + j;
  };
}

LinearWeights gguf_linear(GgufBinder& binder, const std::string& name, std::int64_t out, std::int64_t in, bool bias,
                          const GgufBinder::RowOrder& row_order = {}) {
  LinearWeights linear;
  linear.weight = binder.matrix(name + ".weight", out, in, row_order);
  if (bias) linear.bias = binder.vector(name + ".bias", out, row_order);
  return linear;
}

NormWeights gguf_norm(GgufBinder& binder, const std::string& name, std::int64_t size) {
  NormWeights norm;
  norm.gamma = binder.vector(name + ".weight", size);
  return norm;
}

ModelWeights bind_weights(GgufBinder& binder, const ModelSpec& spec, const GgufArchitecture& architecture) {
  ModelWeights weights;
  const std::int64_t d = spec.d_model;
  StackWeights& stack = weights.decoder;
  stack.embedding.tokens = binder.matrix("token_embd.weight", spec.target_vocab_size, d);
  for (int l = 0; l < spec.decoder.layers(); ++l) {
    const BlockSpec& block = spec.decoder.blocks[static_cast<std::size_t>(l)];
    const AttentionSpec& a = block.self_attention;
    const std::int64_t q_rows = std::int64_t{a.heads} * a.head_dim;
    const std::int64_t kv_rows = std::int64_t{a.kv_heads} * a.head_dim;
    const std::int64_t d_ff = block.feed_forward.d_ff;
    const GgufBinder::RowOrder qk_order = architecture.permuted_qk ? unpermuted_rows(a.head_dim) : nullptr;
    const std::string blk = "blk." + std::to_string(l) + ".";
    BlockWeights w;
    w.self_attention_norm = gguf_norm(binder, blk + "attn_norm", d);
    w.self_attention.w_q = gguf_linear(binder, blk + "attn_q", q_rows, d, a.q_bias, qk_order);
    w.self_attention.w_k = gguf_linear(binder, blk + "attn_k", kv_rows, d, a.k_bias, qk_order);
    w.self_attention.w_v = gguf_linear(binder, blk + "attn_v", kv_rows, d, a.v_bias);
    w.self_attention.w_o = gguf_linear(binder, blk + "attn_output", d, q_rows, a.o_bias);
    w.feed_forward_norm = gguf_norm(binder, blk + "ffn_norm", d);
    const bool bias = block.feed_forward.bias;
    w.feed_forward.gate = gguf_linear(binder, blk + "ffn_gate", d_ff, d, bias);
    w.feed_forward.up = gguf_linear(binder, blk + "ffn_up", d_ff, d, bias);
    w.feed_forward.down = gguf_linear(binder, blk + "ffn_down", d, d_ff, bias);
    stack.blocks.push_back(w);
  }
  stack.final_norm = gguf_norm(binder, "output_norm", d);
  // Tied models (Gemma, most Qwen2) have no output tensor: the token table is the projection.
  weights.output_head.projection = binder.has("output.weight")
                                       ? binder.matrix("output.weight", spec.target_vocab_size, d)
                                       : stack.embedding.tokens;
  return weights;
}

std::optional<int> token_id(const GgufKeys& keys, const std::string& key) {
  const std::optional<std::int64_t> id = keys.optional_integer(key, 0, (1 << 24) - 1);
  return id ? std::optional<int>(static_cast<int>(*id)) : std::nullopt;
}

GgufVocabulary read_vocabulary(const GgufKeys& keys, const GgufFile& file) {
  GgufVocabulary vocabulary;
  vocabulary.file = file.file_name();
  vocabulary.model = keys.string("tokenizer.ggml.model");
  vocabulary.pre = keys.optional_string("tokenizer.ggml.pre").value_or("default");
  const std::optional<std::vector<std::string>> tokens = keys.optional_strings("tokenizer.ggml.tokens");
  if (!tokens) keys.fail("tokenizer.ggml.tokens", "is missing");
  vocabulary.tokens = *tokens;
  vocabulary.scores = keys.optional_numbers("tokenizer.ggml.scores").value_or(std::vector<double>{});
  vocabulary.token_types = keys.optional_numbers("tokenizer.ggml.token_type").value_or(std::vector<double>{});
  vocabulary.merges = keys.optional_strings("tokenizer.ggml.merges").value_or(std::vector<std::string>{});
  vocabulary.bos_id = token_id(keys, "tokenizer.ggml.bos_token_id");
  vocabulary.eos_id = token_id(keys, "tokenizer.ggml.eos_token_id");
  vocabulary.unk_id = token_id(keys, "tokenizer.ggml.unknown_token_id");
  vocabulary.pad_id = token_id(keys, "tokenizer.ggml.padding_token_id");
  vocabulary.add_bos = keys.optional_bool("tokenizer.ggml.add_bos_token");
  vocabulary.add_eos = keys.optional_bool("tokenizer.ggml.add_eos_token");
  vocabulary.add_space_prefix = keys.optional_bool("tokenizer.ggml.add_space_prefix");
  return vocabulary;
}

}  // namespace

std::shared_ptr<const Tokenizer> load_gguf_tokenizer(const std::filesystem::path& path) {
  const GgufFile file = GgufFile::open(path);
  return make_gguf_tokenizer(read_vocabulary(GgufKeys(file), file));
}

bool is_gguf_path(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::error_code error;
  return extension == ".gguf" && !std::filesystem::is_directory(path, error);
}

Model load_gguf_model(const std::filesystem::path& path, std::size_t memory_budget) {
  const GgufFile file = GgufFile::open(path);
  const GgufKeys keys(file);
  const GgufArchitecture& architecture = find_architecture(keys);
  check_gguf_memory_budget(file, estimate_gguf_memory(file), memory_budget);
  GgufBinder binder(file);
  ModelSpec spec = read_spec(keys, architecture, file, binder);
  ModelWeights weights = bind_weights(binder, spec, architecture);
  const std::shared_ptr<const Tokenizer> tokenizer = make_gguf_tokenizer(read_vocabulary(keys, file));
  return Model(std::move(spec), std::move(weights), binder.storage(), tokenizer, tokenizer, binder.summary());
}

}  // namespace core
