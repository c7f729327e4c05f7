#pragma once
// What a forward pass will allocate, estimated before it runs, so a pass that would not fit is
// refused with a message instead of an out-of-memory kill. Mapped weights are not counted: the
// page cache can drop them. Neither are the fast-precision weight copies (made once per model).
//
// Lecture notation: S source tokens, T decoder tokens, H query heads, H_kv key/value heads,
// d_h head size, d = d_model, d_ff the feed-forward width, V the output vocabulary.

#include <cstddef>

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

}  // namespace core
