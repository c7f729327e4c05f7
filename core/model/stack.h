#pragma once
// An encoder or decoder stack: embedding (+ positions), then its blocks, then the final norm of
// pre-norm stacks. A decoder stack of an encoder-decoder model cross-attends to the encoder output.

#include <span>
#include <vector>

#include "model/trace.h"
#include "nn/recorder.h"
#include "nn/stack_spec.h"
#include "nn/weights.h"

namespace core {

struct StackRun {
  AttentionKind kind = AttentionKind::EncoderSelf;  // EncoderSelf or DecoderSelf
  bool positional_encoding = true;
  std::span<const HeadRef> ablated_heads;
  Recorder* recorder = nullptr;
};

struct StackResult {
  RowMatrix output;                            // (T, d_model), after the final norm
  std::vector<LayerAttention> self_attention;  // [layer]
  std::vector<LayerAttention> cross_attention; // [layer]; empty without an encoder
};

// ids: T token ids, checked against the table; memory: the encoder output (S, d_model) for a
// decoder that cross-attends, a 0-row matrix otherwise.
StackResult run_stack(std::span<const int> ids, const Eigen::Ref<const RowMatrix>& memory, const StackWeights& weights,
                      const StackSpec& spec, const StackRun& run);

}  // namespace core
