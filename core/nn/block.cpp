#include "nn/block.h"

#include <utility>

#include "nn/feed_forward.h"
#include "nn/norm.h"

namespace core {

namespace {

// Adds a sub-layer's output y to the residual x: post-norm normalises the sum, pre-norm adds
// (Gemma 2 first normalises y). The residual is added into y: no copy of x.
RowMatrix join_residual(RowMatrix y, const Eigen::Ref<const RowMatrix>& x, const NormWeights& norm,
                        const NormWeights& output_norm, const BlockSpec& spec) {
  if (spec.layout == ResidualLayout::PostNorm) {
    y += x;
    normalize_in_place(y, norm, spec.norm);
    return y;
  }
  if (!output_norm.empty()) normalize_in_place(y, output_norm, spec.norm);
  y += x;
  return y;
}

// The sub-layer's input: x itself (post-norm: no copy) or N(x), kept in storage.
Eigen::Ref<const RowMatrix> sublayer_input(const Eigen::Ref<const RowMatrix>& x, const NormWeights& norm,
                                           const BlockSpec& spec, RowMatrix& storage) {
  if (spec.layout == ResidualLayout::PostNorm) return x;
  storage = normalize(x, norm, spec.norm);
  return storage;
}

// Copies a value into the recorder only when this layer is wanted.
void record(Recorder* recorder, const BlockCall& call, const char* name, const Eigen::Ref<const RowMatrix>& value) {
  if (recorder != nullptr && recorder->wants(call.kind, call.layer)) {
    recorder->record(call.kind, call.layer, name, RowMatrix(value));
  }
}

}  // namespace

BlockResult transformer_block(const Eigen::Ref<const RowMatrix>& x, const Eigen::Ref<const RowMatrix>& memory,
                              const BlockWeights& weights, const BlockSpec& spec, const BlockCall& call) {
  BlockResult result;
  const AttentionCall self_call{call.kind,          call.layer,             call.positional_encoding,
                                call.first_position, call.self_zeroed_heads, call.recorder,
                                call.keep_score_inputs, call.self_cache, call.rotary_pairs_off};

  // self-attention (masked in a decoder)
  record(call.recorder, call, "residual_attn", x);
  RowMatrix normed;
  const Eigen::Ref<const RowMatrix> attention_input = sublayer_input(x, weights.self_attention_norm, spec, normed);
  AttentionResult self =
      multi_head_attention(attention_input, attention_input, weights.self_attention, spec.self_attention, self_call);
  result.self_alpha_hat = std::move(self.alpha_hat);
  result.self_score_inputs = std::move(self.score_inputs);

  if (spec.layout == ResidualLayout::Parallel) {
    // y = x + Attn(N₁(x)) + FFN(N₂(x)): both sub-layers read x
    record(call.recorder, call, "residual_ffn", x);
    const RowMatrix ffn_input = normalize(x, weights.feed_forward_norm, spec.norm);
    RowMatrix y = feed_forward(ffn_input, weights.feed_forward, spec.feed_forward);
    record(call.recorder, call, "ffn_in", ffn_input);
    record(call.recorder, call, "ffn_out", y);
    y += self.output;
    y += x;
    record(call.recorder, call, "block_out", y);
    result.output = std::move(y);
    return result;
  }
  RowMatrix h =
      join_residual(std::move(self.output), x, weights.self_attention_norm, weights.self_attention_output_norm, spec);

  // cross-attention: queries from the decoder, keys and values from the encoder output
  if (spec.cross_attention && memory.rows() > 0) {
    const AttentionCall cross_call{AttentionKind::DecoderCross, call.layer,   call.positional_encoding,
                                   call.first_position,         call.cross_zeroed_heads, call.recorder,
                                   call.keep_score_inputs,      call.cross_cache};
    record(call.recorder, call, "residual_cross", h);
    RowMatrix cross_normed;
    const Eigen::Ref<const RowMatrix> cross_input = sublayer_input(h, weights.cross_attention_norm, spec, cross_normed);
    AttentionResult cross = multi_head_attention(cross_input, memory, weights.cross_attention, spec.cross, cross_call);
    result.cross_alpha_hat = std::move(cross.alpha_hat);
    result.cross_score_inputs = std::move(cross.score_inputs);
    h = join_residual(std::move(cross.output), h, weights.cross_attention_norm, NormWeights{}, spec);
  }

  // position-wise feed-forward
  record(call.recorder, call, "residual_ffn", h);
  RowMatrix ffn_normed;
  const Eigen::Ref<const RowMatrix> ffn_input = sublayer_input(h, weights.feed_forward_norm, spec, ffn_normed);
  RowMatrix ffn = feed_forward(ffn_input, weights.feed_forward, spec.feed_forward);
  record(call.recorder, call, "ffn_in", ffn_input);
  record(call.recorder, call, "ffn_out", ffn);
  result.output = join_residual(std::move(ffn), h, weights.feed_forward_norm, weights.feed_forward_output_norm, spec);
  record(call.recorder, call, "block_out", result.output);
  return result;
}

}  // namespace core
