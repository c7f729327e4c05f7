#pragma once
// One decoder block: masked multi-head self-attention → Add & Norm → cross-attention over the
// encoder output → Add & Norm → feed-forward → Add & Norm. A decoder-only model's block has no
// cross-attention (encoder_output empty).

#include <span>
#include <vector>

#include "attention.h"
#include "model_config.h"
#include "weights.h"

namespace core {

struct DecoderLayerResult {
  RowMatrix output;                        // (T, d_model)
  std::vector<RowMatrix> self_alpha_hat;   // (T, T) per head, zero above the diagonal
  std::vector<RowMatrix> cross_alpha_hat;  // (T, S) per head; empty without an encoder
};

// x: (T, d_model); encoder_output: (S, d_model), or a 0-row matrix for a decoder-only model.
DecoderLayerResult decoder_layer(const Eigen::Ref<const RowMatrix>& x,
                                 const Eigen::Ref<const RowMatrix>& encoder_output,
                                 const DecoderLayerWeights& weights, const ModelConfig& config,
                                 AttentionDetail* self_detail = nullptr,
                                 AttentionDetail* cross_detail = nullptr,
                                 std::span<const int> self_zeroed_heads = {},
                                 std::span<const int> cross_zeroed_heads = {});

}  // namespace core
