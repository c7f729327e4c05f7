#pragma once
// Writes models in the native format (docs/model-format.md): config.json, model.safetensors and
// the vocabulary files. The trainer saves through it; tests build small models with it.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nn/model_config.h"

namespace core {

struct NativeVocabulary {
  std::string kind = "word";  // "word" or "char"
  bool lowercase = false;
  std::vector<std::string> source;  // encoder vocabulary, one entry per id
  std::vector<std::string> target;  // decoder vocabulary
};

struct TensorShape {
  std::string name;
  std::vector<std::int64_t> shape;
};

// Every tensor the native format stores for this architecture, with its shape.
std::vector<TensorShape> native_tensor_shapes(const ModelConfig& config);

nlohmann::json native_config_json(const ModelConfig& config, const NativeVocabulary& vocabulary);

// Saves a complete model folder (created if needed). tensors must hold exactly the tensors
// native_tensor_shapes() lists, each with product(shape) values; throws std::invalid_argument
// naming the first one that is missing or misshaped. Each file is written atomically.
void save_native_model(const std::filesystem::path& folder, const ModelConfig& config,
                       const NativeVocabulary& vocabulary, const std::map<std::string, std::vector<float>>& tensors);

}  // namespace core
