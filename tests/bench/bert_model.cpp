#include "bench_random.h"
#include "bert_model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/safetensors.h"

namespace bench {

namespace {

class TensorSet {
 public:
  explicit TensorSet(std::uint64_t seed) : random_(seed) {}

  void random(const std::string& name, std::vector<std::int64_t> shape) {
    // Uniform on [-a, a] has standard deviation a / √3.
    const float a = 0.02f * std::sqrt(3.0f);
    std::vector<float>& values = add(name, std::move(shape));
    for (float& value : values) value = a * random_.uniform();
  }
  void constant(const std::string& name, std::vector<std::int64_t> shape, float value) {
    std::vector<float>& values = add(name, std::move(shape));
    std::fill(values.begin(), values.end(), value);
  }
  void linear(const std::string& prefix, std::int64_t out, std::int64_t in) {
    random(prefix + "weight", {out, in});
    random(prefix + "bias", {out});
  }
  void norm(const std::string& prefix, std::int64_t d) {
    constant(prefix + "weight", {d}, 1.0f);
    constant(prefix + "bias", {d}, 0.0f);
  }

  void write(const std::filesystem::path& path, core::DType stored) const {
    std::vector<core::NamedTensor> named;
    for (std::size_t i = 0; i < names_.size(); ++i) named.push_back({names_[i], shapes_[i], values_[i]});
    core::write_safetensors(path, named, stored);
  }

 private:
  std::vector<float>& add(const std::string& name, std::vector<std::int64_t> shape) {
    std::int64_t count = 1;
    for (std::int64_t extent : shape) count *= extent;
    names_.push_back(name);
    shapes_.push_back(std::move(shape));
    values_.emplace_back(static_cast<std::size_t>(count));
    return values_.back();
  }

  Random random_;
  std::vector<std::string> names_;
  std::vector<std::vector<std::int64_t>> shapes_;
  std::vector<std::vector<float>> values_;
};

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream << text;
  if (!stream) throw std::runtime_error(path.string() + ": cannot be written");
}

}  // namespace

void write_bert_model(const std::filesystem::path& folder, const BertShape& shape) {
  std::filesystem::create_directories(folder);
  const nlohmann::json config = {
      {"architectures", {"BertForMaskedLM"}},
      {"model_type", "bert"},
      {"hidden_act", "gelu"},
      {"hidden_size", shape.d_model},
      {"intermediate_size", shape.d_ff},
      {"num_attention_heads", shape.heads},
      {"num_hidden_layers", shape.layers},
      {"vocab_size", shape.vocab},
      {"max_position_embeddings", shape.positions},
      {"type_vocab_size", 2},
      {"layer_norm_eps", 1e-12},
      {"position_embedding_type", "absolute"},
      {"pad_token_id", 0},
      {"torch_dtype", shape.bf16 ? "bfloat16" : "float32"},
  };
  write_text(folder / "tokenizer_config.json", R"({"do_lower_case": true, "model_max_length": )" +
                                                  std::to_string(shape.positions) + "}\n");
  // BERT's special tokens first, then placeholder word pieces up to the vocabulary size.
  std::string vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n";
  for (int i = 5; i < shape.vocab; ++i) vocab += (i % 2 ? "w" : "##w") + std::to_string(i) + "\n";
  write_text(folder / "vocab.txt", vocab);

  const std::int64_t d = shape.d_model;
  TensorSet tensors(20240601);
  tensors.random("bert.embeddings.word_embeddings.weight", {shape.vocab, d});
  tensors.random("bert.embeddings.position_embeddings.weight", {shape.positions, d});
  tensors.random("bert.embeddings.token_type_embeddings.weight", {2, d});
  tensors.norm("bert.embeddings.LayerNorm.", d);
  for (int l = 0; l < shape.layers; ++l) {
    const std::string layer = "bert.encoder.layer." + std::to_string(l) + ".";
    tensors.linear(layer + "attention.self.query.", d, d);
    tensors.linear(layer + "attention.self.key.", d, d);
    tensors.linear(layer + "attention.self.value.", d, d);
    tensors.linear(layer + "attention.output.dense.", d, d);
    tensors.norm(layer + "attention.output.LayerNorm.", d);
    tensors.linear(layer + "intermediate.dense.", shape.d_ff, d);
    tensors.linear(layer + "output.dense.", d, shape.d_ff);
    tensors.norm(layer + "output.LayerNorm.", d);
  }
  // The MLM head; its decoder is tied to the word embeddings, so only its bias is stored.
  tensors.linear("cls.predictions.transform.dense.", d, d);
  tensors.norm("cls.predictions.transform.LayerNorm.", d);
  tensors.random("cls.predictions.bias", {shape.vocab});
  tensors.write(folder / "model.safetensors", shape.bf16 ? core::DType::BF16 : core::DType::F32);
  // config.json last: a folder with it is complete (bert_base_model() checks for it).
  write_text(folder / "config.json", config.dump(2) + "\n");
}

std::filesystem::path bert_base_model() {
  const std::filesystem::path folder = std::filesystem::temp_directory_path() / "attnscope-bench-bert-base";
  if (!std::filesystem::exists(folder / "config.json")) write_bert_model(folder);
  return folder;
}

}  // namespace bench
