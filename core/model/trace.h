#pragma once
// The attention trace of one forward pass: every head's α̂ for every layer and kind.

#include <optional>
#include <span>
#include <vector>

#include "nn/attention_kind.h"
#include "tensor/tensor.h"

namespace core {

// α̂ of every head of one attention layer, each (T_q, T_k).
struct LayerAttention {
  std::vector<RowMatrix> heads;
};

struct AttentionTrace {
  std::vector<LayerAttention> encoder_self;   // [layer], over the source
  std::vector<LayerAttention> decoder_self;   // [layer], over the decoder input, causal
  std::vector<LayerAttention> decoder_cross;  // [layer], decoder queries × source keys

  const std::vector<LayerAttention>& layers(AttentionKind kind) const;
  std::vector<LayerAttention>& layers(AttentionKind kind);
};

// One head of one attention layer (layer and head from 0).
struct HeadRef {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
  int head = 0;

  bool operator==(const HeadRef&) const = default;
};

// The heads of heads that belong to one layer of one kind: what that layer's attention zeroes.
std::vector<int> heads_in_layer(std::span<const HeadRef> heads, AttentionKind kind, int layer);

// One attention layer whose named steps a forward pass records (nn/recorder.h).
struct LayerRef {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
};

}  // namespace core
