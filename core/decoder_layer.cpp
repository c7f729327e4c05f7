#include "decoder_layer.h"

#include <utility>

#include "add_and_norm.h"
#include "feed_forward.h"

namespace core {

DecoderLayerResult decoder_layer(const Eigen::Ref<const RowMatrix>& x,
                                 const Eigen::Ref<const RowMatrix>& encoder_output,
                                 const DecoderLayerWeights& weights, const ModelConfig& config,
                                 AttentionDetail* self_detail, AttentionDetail* cross_detail,
                                 std::span<const int> self_zeroed_heads, std::span<const int> cross_zeroed_heads) {
  DecoderLayerResult result;
  // masked self-attention: position i sees only positions ≤ i
  RowMatrix h = add_and_norm(x, weights.self_attention_norm, config, [&](const Eigen::Ref<const RowMatrix>& input) {
    AttentionResult attention = multi_head_attention(input, input, weights.self_attention, config.heads,
                                                     AttentionMask::Causal, self_detail, self_zeroed_heads);
    result.self_alpha_hat = std::move(attention.alpha_hat);
    return std::move(attention.output);
  });
  // cross-attention: queries from the decoder, keys and values from the encoder output
  if (encoder_output.rows() > 0) {
    h = add_and_norm(h, weights.cross_attention_norm, config, [&](const Eigen::Ref<const RowMatrix>& input) {
      AttentionResult attention = multi_head_attention(input, encoder_output, weights.cross_attention,
                                                       config.heads, AttentionMask::None, cross_detail,
                                                       cross_zeroed_heads);
      result.cross_alpha_hat = std::move(attention.alpha_hat);
      return std::move(attention.output);
    });
  }
  result.output = add_and_norm(h, weights.feed_forward_norm, config, [&](const Eigen::Ref<const RowMatrix>& input) {
    return feed_forward(input, weights.feed_forward, config.activation);
  });
  return result;
}

}  // namespace core
