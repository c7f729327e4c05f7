#include "decoder.h"

#include "decoder_layer.h"
#include "embedding.h"
#include "layer_norm.h"

namespace core {

DecoderResult run_decoder(std::span<const int> target_ids, const Eigen::Ref<const RowMatrix>& encoder_output,
                          const DecoderWeights& weights, const ModelConfig& config, bool positional_encoding,
                          std::optional<DetailRequest> detail, std::span<const HeadRef> ablated_heads) {
  DecoderResult result;
  RowMatrix x = embed(target_ids, weights.embedding, config, positional_encoding);
  result.self_attention.reserve(weights.layers.size());
  for (std::size_t l = 0; l < weights.layers.size(); ++l) {
    AttentionDetail* self_detail = nullptr;
    AttentionDetail* cross_detail = nullptr;
    if (detail && detail->layer == static_cast<int>(l)) {
      if (detail->kind == AttentionKind::DecoderSelf) self_detail = &result.detail.emplace();
      if (detail->kind == AttentionKind::DecoderCross && encoder_output.rows() > 0) {
        cross_detail = &result.detail.emplace();
      }
    }
    const int layer_index = static_cast<int>(l);
    const std::vector<int> self_zeroed = heads_in_layer(ablated_heads, AttentionKind::DecoderSelf, layer_index);
    const std::vector<int> cross_zeroed = heads_in_layer(ablated_heads, AttentionKind::DecoderCross, layer_index);
    DecoderLayerResult layer = decoder_layer(x, encoder_output, weights.layers[l], config, self_detail, cross_detail,
                                             self_zeroed, cross_zeroed);
    x = std::move(layer.output);
    result.self_attention.push_back({std::move(layer.self_alpha_hat)});
    if (encoder_output.rows() > 0) result.cross_attention.push_back({std::move(layer.cross_alpha_hat)});
  }
  result.output = weights.final_norm ? layer_norm(x, *weights.final_norm, config.layer_norm_eps) : std::move(x);
  return result;
}

}  // namespace core
