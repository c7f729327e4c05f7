#pragma once
// Which positional encoding a model's stack uses, as the PE explorer names it. The kinds act in
// two places:
//   on the embeddings, before the first layer:  a^i + e^i   (sinusoidal, learned)
//   on the scores, in every layer:              rotary (q^i, k^j rotated by i ω, j ω), ALiBi (+ m_h · j),
//                                               T5 relative bias (+ b_h[bucket(j − i)])

#include "model/model.h"
#include "model/model_input.h"
#include "nn/attention_kind.h"

namespace core {

enum class PositionKind {
  None,          // no position information at all (only a decoder's mask tells order)
  Sinusoidal,    // a hand-set table e^p of sines and cosines (the paper, Marian)
  Learned,       // a trained table e^p (BERT, GPT-2, BART)
  Rotary,        // q and k rotated by their positions (Llama, Qwen2, Mistral, Gemma, GPT-NeoX)
  Alibi,         // a linear distance penalty per head (BLOOM)
  RelativeBias,  // a learned bias per bucket of j − i and head (T5)
};

const char* to_string(PositionKind kind);  // "none", "sinusoidal", "learned", "rotary", "alibi", "relative_bias"

// The stack that reads this side's tokens: the encoder for Source, the decoder for Target.
// Throws InputError when the model has no such stack.
const StackSpec& stack_of(const Model& model, InputSide side);

// The side whose positions the explorer shows: the encoder's when the model has one, else the decoder's.
InputSide explored_side(const Model& model);

// Self-attention of that side's stack: EncoderSelf or DecoderSelf.
AttentionKind self_attention_kind(InputSide side);

// The kind of the side's stack: a score term of its first block wins over the embedding table
// (no supported family has both). Throws InputError when the model has no such stack.
PositionKind position_kind(const Model& model, InputSide side);

// Whether the kind acts in every layer's scores (rotary, ALiBi, T5), so it can be switched off
// per layer (ForwardOptions::positions_off); absolute tables act once, before the first layer.
bool acts_in_every_layer(PositionKind kind);

}  // namespace core
