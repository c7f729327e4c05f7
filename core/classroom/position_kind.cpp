#include "classroom/position_kind.h"

#include "tensor/errors.h"

namespace core {

const char* to_string(PositionKind kind) {
  switch (kind) {
    case PositionKind::None: return "none";
    case PositionKind::Sinusoidal: return "sinusoidal";
    case PositionKind::Learned: return "learned";
    case PositionKind::Rotary: return "rotary";
    case PositionKind::Alibi: return "alibi";
    case PositionKind::RelativeBias: return "relative_bias";
  }
  return "?";
}

const StackSpec& stack_of(const Model& model, InputSide side) {
  const ModelSpec& spec = model.spec();
  if (side == InputSide::Source) {
    if (!spec.has_encoder()) throw InputError("the model has no encoder");
    return spec.encoder;
  }
  if (!spec.has_decoder()) throw InputError("the model has no decoder");
  return spec.decoder;
}

InputSide explored_side(const Model& model) {
  return model.spec().has_encoder() ? InputSide::Source : InputSide::Target;
}

AttentionKind self_attention_kind(InputSide side) {
  return side == InputSide::Source ? AttentionKind::EncoderSelf : AttentionKind::DecoderSelf;
}

PositionKind position_kind(const Model& model, InputSide side) {
  const StackSpec& stack = stack_of(model, side);
  if (!stack.blocks.empty()) {
    switch (stack.blocks.front().self_attention.positions) {
      case ScorePositions::Rotary: return PositionKind::Rotary;
      case ScorePositions::Alibi: return PositionKind::Alibi;
      case ScorePositions::RelativeBias: return PositionKind::RelativeBias;
      case ScorePositions::None: break;
    }
  }
  switch (stack.embedding.positions) {
    case AbsolutePositions::SinusoidalInterleaved:
    case AbsolutePositions::SinusoidalHalves: return PositionKind::Sinusoidal;
    case AbsolutePositions::Learned: return PositionKind::Learned;
    case AbsolutePositions::None: break;
  }
  return PositionKind::None;
}

bool acts_in_every_layer(PositionKind kind) {
  return kind == PositionKind::Rotary || kind == PositionKind::Alibi || kind == PositionKind::RelativeBias;
}

}  // namespace core
