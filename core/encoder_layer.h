#pragma once
// One encoder block: multi-head self-attention → Add & Norm → feed-forward → Add & Norm
// (post-LN, the paper), or the pre-LN order x + sublayer(LN(x)).

#include <span>
#include <vector>

#include "attention.h"
#include "model_config.h"
#include "weights.h"

namespace core {

struct EncoderLayerResult {
  RowMatrix output;                  // (T, d_model)
  std::vector<RowMatrix> alpha_hat;  // self-attention α̂ per head: (T, T)
};

// x: (T, d_model) → output (T, d_model). detail, when given, receives the self-attention's numbers;
// zeroed_heads: self-attention heads switched off (multi_head_attention).
EncoderLayerResult encoder_layer(const Eigen::Ref<const RowMatrix>& x, const EncoderLayerWeights& weights,
                                 const ModelConfig& config, AttentionDetail* detail = nullptr,
                                 std::span<const int> zeroed_heads = {});

}  // namespace core
