#pragma once
// What a forward pass will allocate, estimated before it runs, so a pass that would not fit is
// refused with a message instead of an out-of-memory kill. Mapped weights are not counted: the
// page cache can drop them. Neither are the fast-precision weight copies (made once per model).
//
// Lecture notation: S source tokens, T decoder tokens, H query heads, H_kv key/value heads,
// d_h head size, d = d_model, d_ff the feed-forward width, V the output vocabulary.

#include <cstddef>

#include "io/gguf_file.h"
#include "model/model_spec.h"
#include "model/transformer.h"
#include "tensor/errors.h"

namespace core {

// A pass the memory guard refused: an InputError (shown like one), distinct so that a loop over
// many inputs (a corpus) stops with the message instead of skipping the line as unreadable.
class MemoryBudgetError : public InputError {
 public:
  using InputError::InputError;
};

struct MemoryEstimate {
  // What the trace keeps (exact): α̂ of every head of every layer (dense), or each layer's Q and K
  // (on demand: (T_q·H + T_k·H_kv)·d_h floats per layer; model/trace.h)
  std::size_t trace = 0;
  bool dense_attention = true;
  std::size_t record = 0;   // the recorder's named steps of the layers asked for (an upper bound)
  std::size_t working = 0;  // activations live while the largest block runs
  std::size_t outputs = 0;  // stack outputs, embeddings and logits

  std::size_t total() const { return trace + record + working + outputs; }
};

// source_length: S (ignored without an encoder); target_length: T (ignored without a decoder).
// Reads options.record / record_all for which layers' steps are kept.
MemoryEstimate estimate_forward_memory(const ModelSpec& spec, std::size_t source_length, std::size_t target_length,
                                       const ForwardOptions& options);

// 4·H·T_q·T_k bytes summed over every attention layer: a dense trace's α̂, what Auto compares with
// ForwardOptions::dense_attention_limit.
std::size_t dense_attention_bytes(const ModelSpec& spec, std::size_t source_length, std::size_t target_length);

// Throws core::MemoryBudgetError when budget > 0 and the estimate exceeds it, stating both and what to do:
//   "this pass needs about 34.0 GiB (attention trace 32.0 GiB) but the memory budget is 7.8 GiB; …"
void check_memory_budget(const MemoryEstimate& estimate, std::size_t budget);

// What opening a GGUF file allocates: unlike safetensors and PyTorch files, which stay mapped (the
// page cache can drop them), its weights are copied out of the file and the quantised ones
// expanded, so they take real memory for as long as the model is open (io/gguf_binder.h):
//   F16 and BF16 matrices: 2 bytes a value (kept as stored);
//   every other tensor (F32, Q8_0, Q4_0, Q4_K, Q6_K, and every vector): 4 bytes a value (float32),
//     so a Q4_0 tensor of 18 bytes per 32 values takes 128;
//   while a tensor is converted, its float32 values once more: the largest tensor's count × 4.
// Every tensor in the file is counted, so a tensor the model leaves unused makes this an upper bound.
struct GgufMemoryEstimate {
  std::size_t weights = 0;     // kept while the model is open
  std::size_t conversion = 0;  // the largest tensor's float32 values, while it is converted
  std::size_t total() const { return weights + conversion; }
};

GgufMemoryEstimate estimate_gguf_memory(const GgufFile& file);

// Throws core::LoadError naming the file when budget > 0 and the estimate exceeds it:
//   "model.gguf: opening it needs about 30.6 GiB (weights 29.4 GiB as the model keeps them: quantised
//    ones as float32; converting the largest tensor 1.2 GiB) but the memory budget is 7.8 GiB; …"
void check_gguf_memory_budget(const GgufFile& file, const GgufMemoryEstimate& estimate, std::size_t budget);

}  // namespace core
