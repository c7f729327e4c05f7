#include "transformer.h"

#include <string>

#include "decoder.h"
#include "encoder.h"
#include "errors.h"
#include "output_head.h"
#include "thread_pool.h"

namespace core {

namespace {

void check_ids(std::span<const int> ids, int vocab_size, int max_positions, const char* role) {
  if (ids.empty()) throw InputError(std::string("the ") + role + " input is empty");
  if (static_cast<long>(ids.size()) > max_positions) {
    throw InputError(std::string("the ") + role + " input has " + std::to_string(ids.size()) +
                     " tokens; the model takes at most " + std::to_string(max_positions));
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || ids[i] >= vocab_size) {
      throw InputError(std::string("the ") + role + " token id " + std::to_string(ids[i]) + " at position " +
                       std::to_string(i) + " is outside the vocabulary (0.." + std::to_string(vocab_size - 1) +
                       ")");
    }
  }
}

// Ablated heads name heads the model has: a wrong index is a caller's mistake worth a message.
void check_ablated_heads(std::span<const HeadRef> heads, const ModelConfig& config) {
  for (const HeadRef& head : heads) {
    const int layers = head.kind == AttentionKind::EncoderSelf ? (config.has_encoder() ? config.encoder_layers : 0)
                       : head.kind == AttentionKind::DecoderSelf ? (config.has_decoder() ? config.decoder_layers : 0)
                       : (config.has_encoder() && config.has_decoder() ? config.decoder_layers : 0);
    if (head.layer < 0 || head.layer >= layers || head.head < 0 || head.head >= config.heads) {
      throw InputError(std::string("cannot switch off ") + to_string(head.kind) + " layer " + std::to_string(head.layer) +
                       " head " + std::to_string(head.head) + ": the model has no such head");
    }
  }
}

}  // namespace

ForwardResult forward(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                      const ForwardOptions& options) {
  const ModelConfig& config = model.config();
  const ModelWeights& weights = model.weights();
  model.check_weights_unchanged();
  const ScopedThreads threads(options.threads);
  check_ablated_heads(options.ablated_heads, config);
  ForwardResult result;

  if (config.has_encoder()) {
    check_ids(source_ids, config.source_vocab_size, config.max_positions, "source");
    EncoderResult encoder =
        run_encoder(source_ids, *weights.encoder, config, options.positional_encoding, options.detail, options.ablated_heads);
    result.encoder_output = std::move(encoder.output);
    result.trace.encoder_self = std::move(encoder.self_attention);
    if (encoder.detail) result.detail = std::move(encoder.detail);
  }
  if (config.has_decoder()) {
    check_ids(target_ids, config.target_vocab_size, config.max_positions, "target");
    DecoderResult decoder = run_decoder(target_ids, result.encoder_output, *weights.decoder, config,
                                        options.positional_encoding, options.detail, options.ablated_heads);
    result.decoder_output = std::move(decoder.output);
    result.trace.decoder_self = std::move(decoder.self_attention);
    result.trace.decoder_cross = std::move(decoder.cross_attention);
    if (decoder.detail) result.detail = std::move(decoder.detail);
  }
  if (weights.output_head) {
    const RowMatrix& hidden = config.has_decoder() ? result.decoder_output : result.encoder_output;
    result.last_logits = output_logits(hidden.bottomRows(1), *weights.output_head, config);
  }
  return result;
}

}  // namespace core
