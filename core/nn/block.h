#pragma once
// One Transformer block, in any of the residual layouts real checkpoints use:
//   post-norm (the paper):  h = N₁(x + Attn(x));          [h = N_c(h + Cross(h, m))];  y = N₂(h + FFN(h))
//   pre-norm:               h = x + Attn(N₁(x));          [h = h + Cross(N_c(h), m)];  y = h + FFN(N₂(h))
//   parallel (GPT-NeoX):    y = x + Attn(N₁(x)) + FFN(N₂(x))
// Gemma 2 normalises each sub-layer's output once more before it joins the residual.
// An encoder block has self-attention only; a decoder block of an encoder-decoder model adds
// cross-attention over the encoder's output m.

#include <span>
#include <vector>

#include "nn/attention.h"
#include "nn/block_spec.h"
#include "nn/recorder.h"
#include "nn/weights.h"

namespace core {

struct BlockCall {
  AttentionKind kind = AttentionKind::EncoderSelf;  // of its self-attention: EncoderSelf or DecoderSelf
  int layer = 0;
  bool positional_encoding = true;
  std::span<const int> self_zeroed_heads;
  std::span<const int> cross_zeroed_heads;
  Recorder* recorder = nullptr;
  bool keep_score_inputs = false;  // on-demand trace: return Q and K (nn/attention_scores.h), not α̂
  // Generation with a key/value cache (nn/attention.h): x's rows sit at first_position, … and
  // attend over the cached keys too. nullptr: no cache (x is the whole sequence, from position 0).
  int first_position = 0;
  KeyValueCache* self_cache = nullptr;
  KeyValueCache* cross_cache = nullptr;
  std::span<const int> rotary_pairs_off{};  // rotary frequency-band mask (nn/attention.h)
};

struct BlockResult {
  RowMatrix output;                        // (T, d_model)
  std::vector<RowMatrix> self_alpha_hat;   // (T, T) per head
  std::vector<RowMatrix> cross_alpha_hat;  // (T, S) per head; empty without cross-attention
  AttentionScoreInputs self_score_inputs;  // when keep_score_inputs (then the α̂ vectors are empty)
  AttentionScoreInputs cross_score_inputs; // when keep_score_inputs and the block cross-attends
};

// x: (T, d_model); memory: the encoder output (S, d_model), used when the spec has cross-attention.
BlockResult transformer_block(const Eigen::Ref<const RowMatrix>& x, const Eigen::Ref<const RowMatrix>& memory,
                              const BlockWeights& weights, const BlockSpec& spec, const BlockCall& call);

}  // namespace core
