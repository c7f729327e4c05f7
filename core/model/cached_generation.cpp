#include "model/cached_generation.h"

#include <memory>
#include <utility>

#include "model/memory_estimate.h"
#include "nn/output_head.h"
#include "tensor/errors.h"
#include "tensor/thread_pool.h"

namespace core {

namespace {

// α̂ of the last query of each layer's kept inputs, per head: (1, T_k) — the prefix pass keeps Q
// and K on demand rather than every head's (T, T).
std::vector<LayerAttention> last_rows(const std::vector<AttentionScoreInputs>& layers) {
  std::vector<LayerAttention> rows;
  for (const AttentionScoreInputs& layer : layers) {
    AttentionScoreInputs last = layer;
    last.q = layer.q.bottomRows(1);
    last.first_query_position = layer.first_query_position + layer.queries() - 1;
    LayerAttention heads;
    for (int h = 0; h < layer.spec.heads; ++h) heads.heads.push_back(head_attention(last, h));
    rows.push_back(std::move(heads));
  }
  return rows;
}

}  // namespace

CachedGreedyDecoder::CachedGreedyDecoder(const Model& model, std::span<const int> source_ids, std::vector<int> prefix,
                                         ForwardOptions options, int max_new_tokens)
    : model_(model), options_(std::move(options)), sequence_(std::move(prefix)), max_new_tokens_(max_new_tokens) {
  const ModelSpec& spec = model.spec();
  if (!spec.has_output_head) throw InputError("this model has no output layer, so it cannot generate");
  if (!spec.has_decoder()) throw InputError("this model is encoder-only, so it cannot generate text");
  if (sequence_.empty()) throw InputError("generation needs a start token or a prompt");
  check_forward_inputs(model, source_ids, sequence_, options_);
  if (spec.has_encoder()) {
    // encoded at the first step, after the memory check; kept as ids until then
    encoder_output_.resize(0, spec.d_model);
    source_ids_.assign(source_ids.begin(), source_ids.end());
  }
}

bool CachedGreedyDecoder::finished() const {
  const ModelSpec& spec = model_.spec();
  const bool ended = generated_ > 0 && sequence_.back() == spec.eos_token_id;
  return ended || generated_ >= max_new_tokens_ || static_cast<int>(sequence_.size()) >= spec.max_positions;
}

CachedStep CachedGreedyDecoder::step() {
  model_.check_weights_unchanged();
  const ModelSpec& spec = model_.spec();
  const ModelWeights& weights = model_.weights(options_.precision);
  const ScopedThreads threads(options_.threads);
  CachedStep result;
  RowMatrix hidden;
  if (read_ == 0) {
    // the prefix pass: the whole prefix, its attention kept on demand (Q and K, not α̂), every
    // decoder layer's keys and values cached
    ForwardOptions prefix_options = options_;
    prefix_options.attention = AttentionStorage::OnDemand;
    check_memory_budget(estimate_forward_memory(spec, source_ids_.size(), sequence_.size(), prefix_options),
                        options_.memory_budget);
    auto on_demand = std::make_shared<OnDemandAttention>();
    if (spec.has_encoder()) {
      StackResult encoder = run_stack(source_ids_, RowMatrix(), weights.encoder, spec.encoder,
                                      {AttentionKind::EncoderSelf, options_.positional_encoding, options_.ablated_heads,
                                       nullptr, true});
      encoder_output_ = std::move(encoder.output);
      on_demand->encoder_self = std::move(encoder.self_score_inputs);
    }
    StackResult decoder = run_stack(sequence_, encoder_output_, weights.decoder, spec.decoder,
                                    {AttentionKind::DecoderSelf, options_.positional_encoding, options_.ablated_heads,
                                     nullptr, true, {}, 0, &caches_});
    result.self_row = last_rows(decoder.self_score_inputs);
    result.cross_row = last_rows(decoder.cross_score_inputs);
    on_demand->decoder_self = std::move(decoder.self_score_inputs);
    on_demand->decoder_cross = std::move(decoder.cross_score_inputs);
    prefix_trace_.on_demand = std::move(on_demand);
    hidden = std::move(decoder.output);
  } else {
    // one token: the last one generated, at position read_
    const std::vector<int> last = {sequence_.back()};
    StackResult decoder = run_stack(last, encoder_output_, weights.decoder, spec.decoder,
                                    {AttentionKind::DecoderSelf, options_.positional_encoding, options_.ablated_heads,
                                     nullptr, false, {}, read_, &caches_});
    result.self_row = std::move(decoder.self_attention);
    result.cross_row = std::move(decoder.cross_attention);
    hidden = std::move(decoder.output);
  }
  read_ = static_cast<int>(sequence_.size());
  result.position = read_ - 1;
  result.logits = output_logits(hidden.bottomRows(1), weights.output_head, spec.output);
  Eigen::Index best = 0;
  result.logits.maxCoeff(&best);
  result.next_id = static_cast<int>(best);
  sequence_.push_back(result.next_id);
  ++generated_;
  return result;
}

}  // namespace core
