#pragma once
// A loaded model: its architecture, its weights (views into storage the model keeps alive),
// and the tokenizers for its encoder and decoder inputs.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model_config.h"
#include "tokenizer.h"
#include "weights.h"

namespace core {

class WeightStorage;

// What the loader found in model.safetensors.
struct TensorSummary {
  std::int64_t parameter_count = 0;  // elements of the tensors the model uses (tied tensors once)
  std::size_t tensor_count = 0;      // tensors the model uses
  std::vector<std::string> unused;   // tensors in the file that the architecture does not use
};

class Model {
 public:
  // Opens a model folder (config.json + model.safetensors + tokenizer files), native or
  // HuggingFace layout. Throws core::LoadError with a message naming the file and tensor.
  static Model load(const std::filesystem::path& folder);

  Model(ModelConfig config, ModelWeights weights, std::shared_ptr<const WeightStorage> storage,
        std::shared_ptr<const Tokenizer> source_tokenizer, std::shared_ptr<const Tokenizer> target_tokenizer,
        TensorSummary tensors);

  const ModelConfig& config() const { return config_; }
  const ModelWeights& weights() const { return weights_; }
  // Tokenizes encoder input (encoder-only and encoder-decoder models).
  const Tokenizer& source_tokenizer() const { return *source_tokenizer_; }
  // Tokenizes decoder input (decoder-only and encoder-decoder models).
  const Tokenizer& target_tokenizer() const { return *target_tokenizer_; }
  const TensorSummary& tensors() const { return tensors_; }

  // Throws core::LoadError when model.safetensors was rewritten or truncated in place since the
  // model was opened: its weights are no longer what was loaded, and reading a page past a
  // shortened file's end would crash. Every forward pass and generation step calls it first.
  void check_weights_unchanged() const;

 private:
  ModelConfig config_;
  ModelWeights weights_;
  std::shared_ptr<const WeightStorage> storage_;
  std::shared_ptr<const Tokenizer> source_tokenizer_;
  std::shared_ptr<const Tokenizer> target_tokenizer_;
  TensorSummary tensors_;
};

}  // namespace core
