#pragma once
// The encoder stack: embedding + positional encoding, then N encoder layers (+ final LN for pre-LN).

#include <optional>
#include <span>
#include <vector>

#include "model_config.h"
#include "trace.h"
#include "weights.h"

namespace core {

struct EncoderResult {
  RowMatrix output;                           // (S, d_model)
  std::vector<LayerAttention> self_attention; // [layer]
  std::optional<AttentionDetail> detail;      // when requested for an encoder layer
};

EncoderResult run_encoder(std::span<const int> source_ids, const EncoderWeights& weights,
                          const ModelConfig& config, bool positional_encoding,
                          std::optional<DetailRequest> detail = std::nullopt,
                          std::span<const HeadRef> ablated_heads = {});

}  // namespace core
