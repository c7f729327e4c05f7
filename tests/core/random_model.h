#pragma once
// Small native models with random weights, written to a temporary folder, for tests that need a
// real model folder without committing one per case.

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "nn/model_config.h"
#include "families/model_writer.h"

namespace test {

inline core::ModelConfig small_config(core::Architecture architecture) {
  core::ModelConfig config;
  config.name = "random";
  config.family = "attnscope";
  config.architecture = architecture;
  config.d_model = 16;
  config.heads = 4;
  config.d_ff = 32;
  config.encoder_layers = architecture == core::Architecture::DecoderOnly ? 0 : 2;
  config.decoder_layers = architecture == core::Architecture::EncoderOnly ? 0 : 2;
  config.source_vocab_size = 12;
  config.target_vocab_size = 12;
  config.max_positions = 16;
  config.positional_encoding = core::PositionalEncoding::SinusoidalInterleaved;
  config.activation = core::Activation::Relu;
  config.has_output_head = config.has_decoder();
  config.output_bias = config.has_output_head;
  config.decoder_start_token_id = 2;
  config.eos_token_id = 3;
  return config;
}

inline core::NativeVocabulary small_vocabulary() {
  const std::vector<std::string> words = {"<pad>", "<unk>", "<s>", "</s>", "the", "cat", "sat", "on",
                                          "mat",   "a",     "dog", "."};
  return core::NativeVocabulary{"word", false, words, words};
}

// Random weights (normal, std 0.5) for every tensor; LayerNorm scales near 1 so layers stay sane.
inline std::map<std::string, std::vector<float>> random_tensors(const core::ModelConfig& config, unsigned seed) {
  std::mt19937 generator(seed);
  std::normal_distribution<float> normal(0.0f, 0.5f);
  std::map<std::string, std::vector<float>> tensors;
  for (const core::TensorShape& tensor : core::native_tensor_shapes(config)) {
    std::size_t count = 1;
    for (const std::int64_t size : tensor.shape) count *= static_cast<std::size_t>(size);
    std::vector<float> values(count);
    const bool norm_scale = tensor.name.find("norm") != std::string::npos && tensor.name.ends_with(".weight");
    for (float& value : values) value = norm_scale ? 1.0f + 0.1f * normal(generator) : normal(generator);
    tensors[tensor.name] = std::move(values);
  }
  return tensors;
}

inline std::filesystem::path write_random_model(const std::filesystem::path& folder, const core::ModelConfig& config,
                                                unsigned seed = 7) {
  core::save_native_model(folder, config, small_vocabulary(), random_tensors(config, seed));
  return folder;
}

// A fresh empty folder under the system temp dir, removed when the test's object goes away.
class TempFolder {
 public:
  TempFolder() {
    static std::random_device device;
    path_ = std::filesystem::temp_directory_path() / ("attnscope-test-" + std::to_string(device()));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace test
