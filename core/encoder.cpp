#include "encoder.h"

#include "embedding.h"
#include "encoder_layer.h"
#include "layer_norm.h"

namespace core {

EncoderResult run_encoder(std::span<const int> source_ids, const EncoderWeights& weights,
                          const ModelConfig& config, bool positional_encoding,
                          std::optional<DetailRequest> detail, std::span<const HeadRef> ablated_heads) {
  EncoderResult result;
  RowMatrix x = embed(source_ids, weights.embedding, config, positional_encoding);
  result.self_attention.reserve(weights.layers.size());
  for (std::size_t l = 0; l < weights.layers.size(); ++l) {
    AttentionDetail* layer_detail = nullptr;
    if (detail && detail->kind == AttentionKind::EncoderSelf && detail->layer == static_cast<int>(l)) {
      layer_detail = &result.detail.emplace();
    }
    const std::vector<int> zeroed = heads_in_layer(ablated_heads, AttentionKind::EncoderSelf, static_cast<int>(l));
    EncoderLayerResult layer = encoder_layer(x, weights.layers[l], config, layer_detail, zeroed);
    x = std::move(layer.output);
    result.self_attention.push_back({std::move(layer.alpha_hat)});
  }
  result.output = weights.final_norm ? layer_norm(x, *weights.final_norm, config.layer_norm_eps) : std::move(x);
  return result;
}

}  // namespace core
