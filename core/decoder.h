#pragma once
// The decoder stack: output embedding + positional encoding, then N decoder layers with masked
// self-attention and (for encoder-decoder models) cross-attention over the encoder output.

#include <optional>
#include <span>
#include <vector>

#include "model_config.h"
#include "trace.h"
#include "weights.h"

namespace core {

struct DecoderResult {
  RowMatrix output;                            // (T, d_model)
  std::vector<LayerAttention> self_attention;  // [layer]
  std::vector<LayerAttention> cross_attention; // [layer]; empty for decoder-only models
  std::optional<AttentionDetail> detail;       // when requested for a decoder layer
};

// encoder_output: (S, d_model), or a 0-row matrix for a decoder-only model.
DecoderResult run_decoder(std::span<const int> target_ids, const Eigen::Ref<const RowMatrix>& encoder_output,
                          const DecoderWeights& weights, const ModelConfig& config, bool positional_encoding,
                          std::optional<DetailRequest> detail = std::nullopt,
                          std::span<const HeadRef> ablated_heads = {});

}  // namespace core
