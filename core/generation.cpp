#include "generation.h"

#include "decoder.h"
#include "errors.h"
#include "output_head.h"

namespace core {

GreedyDecoder::GreedyDecoder(const Model& model, std::span<const int> source_ids, std::vector<int> prefix,
                             ForwardOptions options, int max_new_tokens)
    : model_(model), options_(std::move(options)), sequence_(std::move(prefix)), max_new_tokens_(max_new_tokens) {
  const ModelConfig& config = model.config();
  if (!model.weights().output_head) throw InputError("this model has no output layer, so it cannot generate");
  if (sequence_.empty()) throw InputError("generation needs a start token or a prompt");
  if (config.has_encoder()) {
    // One full forward validates the ids; its encoder half is reused by every step.
    const ForwardResult first = forward(model, source_ids, sequence_, options_);
    encoder_.output = first.encoder_output;
    encoder_.self_attention = first.trace.encoder_self;
  } else {
    forward(model, {}, sequence_, options_);
  }
}

bool GreedyDecoder::finished() const {
  const ModelConfig& config = model_.config();
  const bool ended = generated_ > 0 && sequence_.back() == config.eos_token_id;
  return ended || generated_ >= max_new_tokens_ || static_cast<int>(sequence_.size()) >= config.max_positions;
}

GenerationStep GreedyDecoder::step() {
  model_.check_weights_unchanged();
  const ModelConfig& config = model_.config();
  DecoderResult decoder = run_decoder(sequence_, encoder_.output, *model_.weights().decoder, config,
                                      options_.positional_encoding, options_.detail);
  GenerationStep result;
  result.decoder_input = sequence_;
  result.trace.encoder_self = encoder_.self_attention;
  result.trace.decoder_self = std::move(decoder.self_attention);
  result.trace.decoder_cross = std::move(decoder.cross_attention);
  result.logits = output_logits(decoder.output.bottomRows(1), *model_.weights().output_head, config);
  Eigen::Index best = 0;
  result.logits.maxCoeff(&best);
  result.next_id = static_cast<int>(best);
  sequence_.push_back(result.next_id);
  ++generated_;
  return result;
}

std::vector<int> generation_prefix(const Model& model) {
  const int start = model.config().decoder_start_token_id;
  if (model.config().has_encoder() && start >= 0) return {start};
  return {};
}

}  // namespace core
