#pragma once
// A loaded model: its architecture, its weights (views into storage the model keeps alive),
// and the tokenizers for its encoder and decoder inputs.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/model_spec.h"
#include "text/tokenizer.h"
#include "nn/weights.h"
#include "io/weight_binder.h"
#include "model/fast_weights.h"

namespace core {

// How a pass multiplies (docs/performance.md):
//   Exact: float32 activations; weights widened exactly from their stored type (the default;
//          results within 1e-4 of HuggingFace in float32);
//   Fast:  activations rounded to bfloat16 for the linear layers' dot products, weights bfloat16
//          (a float32 or float16 checkpoint is rounded once, the first time fast is asked for).
//          Attention's own products (q·k, α̂ v) stay float32.
enum class Precision { Exact, Fast };
const char* to_string(Precision precision);
std::optional<Precision> parse_precision(std::string_view name);

class Model {
 public:
  Model(ModelSpec spec, ModelWeights weights, std::shared_ptr<const WeightStorage> storage,
        std::shared_ptr<const Tokenizer> source_tokenizer, std::shared_ptr<const Tokenizer> target_tokenizer,
        TensorSummary tensors);

  const ModelSpec& spec() const { return spec_; }
  const ModelWeights& weights() const { return weights_; }
  // The weights a pass of this precision multiplies by; the fast copy is made once, on first use
  // (thread-safe), and kept while the model lives.
  const ModelWeights& weights(Precision precision) const;
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
  // Shared by copies of this Model: built at most once.
  struct FastCache {
    std::once_flag once;
    FastWeights fast;
  };
  std::shared_ptr<FastCache> fast_ = std::make_shared<FastCache>();
};

}  // namespace core
