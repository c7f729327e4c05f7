#include "encoder_layer.h"

#include <utility>

#include "add_and_norm.h"
#include "feed_forward.h"

namespace core {

EncoderLayerResult encoder_layer(const Eigen::Ref<const RowMatrix>& x, const EncoderLayerWeights& weights,
                                 const ModelConfig& config, AttentionDetail* detail,
                                 std::span<const int> zeroed_heads) {
  EncoderLayerResult result;
  // self-attention: every position sees every position
  const RowMatrix h = add_and_norm(x, weights.self_attention_norm, config, [&](const Eigen::Ref<const RowMatrix>& input) {
    AttentionResult attention =
        multi_head_attention(input, input, weights.self_attention, config.heads, AttentionMask::None, detail,
                             zeroed_heads);
    result.alpha_hat = std::move(attention.alpha_hat);
    return std::move(attention.output);
  });
  result.output = add_and_norm(h, weights.feed_forward_norm, config, [&](const Eigen::Ref<const RowMatrix>& input) {
    return feed_forward(input, weights.feed_forward, config.activation);
  });
  return result;
}

}  // namespace core
