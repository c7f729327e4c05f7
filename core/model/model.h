#pragma once
// A loaded model: its architecture, its weights (views into storage the model keeps alive),
// and the tokenizers for its encoder and decoder inputs.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/model_spec.h"
#include "text/tokenizer.h"
#include "nn/weights.h"
#include "io/weight_binder.h"

namespace core {

class Model {
 public:
  Model(ModelSpec spec, ModelWeights weights, std::shared_ptr<const WeightStorage> storage,
        std::shared_ptr<const Tokenizer> source_tokenizer, std::shared_ptr<const Tokenizer> target_tokenizer,
        TensorSummary tensors);

  const ModelSpec& spec() const { return spec_; }
  const ModelWeights& weights() const { return weights_; }
  // Tokenizes encoder input (encoder-only and encoder-decoder models).
  const Tokenizer& source_tokenizer() const { return *source_tokenizer_; }
  // Tokenizes decoder input (decoder-only and encoder-decoder models).
  const Tokenizer& target_tokenizer() const { return *target_tokenizer_; }
  const TensorSummary& tensors() const { return tensors_; }

  // Throws core::LoadError, naming the file, when model.safetensors or any shard was rewritten or
  // truncated in place since the model was opened: its weights are no longer what was loaded, and
  // reading a page past a shortened file's end would crash. Every forward pass and generation step
  // calls it first.
  void check_weights_unchanged() const;

 private:
  ModelSpec spec_;
  ModelWeights weights_;
  std::shared_ptr<const WeightStorage> storage_;
  std::shared_ptr<const Tokenizer> source_tokenizer_;
  std::shared_ptr<const Tokenizer> target_tokenizer_;
  TensorSummary tensors_;
};

}  // namespace core
