#include "nn/model_config.h"

namespace core {

std::int64_t ModelConfig::parameter_count() const {
  const std::int64_t d = d_model;
  const std::int64_t ff = d_ff;
  const std::int64_t attention = 4 * (d * d + d);
  const std::int64_t feed_forward = ff * d + ff + d * ff + d;
  const std::int64_t norm = 2 * d;
  const std::int64_t position_rows =
      positional_encoding == PositionalEncoding::Learned ? std::int64_t{max_positions} + position_offset : 0;
  const std::int64_t embedding_extras = position_rows * d + (embedding_layer_norm ? norm : 0) +
                                        (token_type_embedding ? d : 0);
  const std::int64_t final_norm = norm_placement == NormPlacement::PreNorm ? norm : 0;

  std::int64_t count = 0;
  if (has_encoder()) {
    count += std::int64_t{source_vocab_size} * d + embedding_extras + final_norm;
    count += encoder_layers * (attention + feed_forward + 2 * norm);
  }
  if (has_decoder()) {
    if (!(shared_embeddings && has_encoder())) count += std::int64_t{target_vocab_size} * d;
    count += embedding_extras + final_norm;
    const std::int64_t cross = has_encoder() ? attention + norm : 0;
    count += decoder_layers * (attention + cross + feed_forward + 2 * norm);
  }
  if (has_output_head) {
    if (!tied_output) count += std::int64_t{target_vocab_size} * d;
    if (output_bias) count += target_vocab_size;
    if (output_transform) count += d * d + d + norm;
  }
  return count;
}

const char* to_string(NormPlacement placement) {
  return placement == NormPlacement::PreNorm ? "pre" : "post";
}

}  // namespace core
