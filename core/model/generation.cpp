#include "model/generation.h"

#include "model/memory_estimate.h"
#include "model/stack.h"
#include "tensor/errors.h"
#include "nn/output_head.h"
#include "tensor/thread_pool.h"

namespace core {

GreedyDecoder::GreedyDecoder(const Model& model, std::span<const int> source_ids, std::vector<int> prefix,
                             ForwardOptions options, int max_new_tokens)
    : model_(model), options_(std::move(options)), sequence_(std::move(prefix)), max_new_tokens_(max_new_tokens) {
  const ModelSpec& spec = model.spec();
  if (!spec.has_output_head) throw InputError("this model has no output layer, so it cannot generate");
  if (sequence_.empty()) throw InputError("generation needs a start token or a prompt");
  // One full forward validates the ids and the ablated heads; its encoder half is reused by every step.
  ForwardResult first = forward(model, source_ids, sequence_, options_);
  encoder_output_ = std::move(first.encoder_output);
  encoder_self_ = std::move(first.trace.encoder_self);
}

bool GreedyDecoder::finished() const {
  const ModelSpec& spec = model_.spec();
  const bool ended = generated_ > 0 && sequence_.back() == spec.eos_token_id;
  return ended || generated_ >= max_new_tokens_ || static_cast<int>(sequence_.size()) >= spec.max_positions;
}

GenerationStep GreedyDecoder::step() {
  model_.check_weights_unchanged();
  const ModelSpec& spec = model_.spec();
  // the step's pass: the encoder's trace is copied into the step, its activations are not redone
  // (the estimate counts them anyway: an upper bound)
  check_memory_budget(estimate_forward_memory(spec, static_cast<std::size_t>(encoder_output_.rows()), sequence_.size(),
                                              options_),
                      options_.memory_budget);
  const ScopedThreads threads(options_.threads);
  StackResult decoder = run_stack(sequence_, encoder_output_, model_.weights(options_.precision).decoder, spec.decoder,
                                  {AttentionKind::DecoderSelf, options_.positional_encoding, options_.ablated_heads, nullptr});
  GenerationStep result;
  result.decoder_input = sequence_;
  result.trace.encoder_self = encoder_self_;
  result.trace.decoder_self = std::move(decoder.self_attention);
  result.trace.decoder_cross = std::move(decoder.cross_attention);
  result.logits = output_logits(decoder.output.bottomRows(1), model_.weights(options_.precision).output_head, spec.output);
  Eigen::Index best = 0;
  result.logits.maxCoeff(&best);
  result.next_id = static_cast<int>(best);
  sequence_.push_back(result.next_id);
  ++generated_;
  return result;
}

std::vector<int> generation_prefix(const Model& model) {
  const int start = model.spec().decoder_start_token_id;
  if (model.spec().has_encoder() && start >= 0) return {start};
  return {};
}

}  // namespace core
