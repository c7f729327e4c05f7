#include "model/trace.h"

#include <utility>

namespace core {

const std::vector<LayerAttention>& AttentionTrace::layers(AttentionKind kind) const {
  switch (kind) {
    case AttentionKind::EncoderSelf: return encoder_self;
    case AttentionKind::DecoderSelf: return decoder_self;
    case AttentionKind::DecoderCross: break;
  }
  return decoder_cross;
}

std::vector<int> heads_in_layer(std::span<const HeadRef> heads, AttentionKind kind, int layer) {
  std::vector<int> found;
  for (const HeadRef& head : heads) {
    if (head.kind == kind && head.layer == layer) found.push_back(head.head);
  }
  return found;
}

std::vector<LayerAttention>& AttentionTrace::layers(AttentionKind kind) {
  return const_cast<std::vector<LayerAttention>&>(std::as_const(*this).layers(kind));
}

}  // namespace core
