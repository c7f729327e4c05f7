#include "nn/block_spec.h"

#include "nn/stack_spec.h"

namespace core {

const char* to_string(NormKind kind) { return kind == NormKind::RmsNorm ? "RMSNorm" : "LayerNorm"; }

const char* to_string(AbsolutePositions positions) {
  switch (positions) {
    case AbsolutePositions::None: return "none";
    case AbsolutePositions::SinusoidalInterleaved: return "sinusoidal";
    case AbsolutePositions::SinusoidalHalves: return "sinusoidal-halves";
    case AbsolutePositions::Learned: return "learned";
  }
  return "?";
}

const char* to_string(RopeScalingType type) {
  switch (type) {
    case RopeScalingType::None: return "none";
    case RopeScalingType::Linear: return "linear";
    case RopeScalingType::Dynamic: return "dynamic";
    case RopeScalingType::Llama3: return "llama3";
    case RopeScalingType::Yarn: return "yarn";
  }
  return "?";
}

const char* to_string(ScorePositions positions) {
  switch (positions) {
    case ScorePositions::None: return "none";
    case ScorePositions::Rotary: return "rotary";
    case ScorePositions::RelativeBias: return "relative bias";
    case ScorePositions::Alibi: return "ALiBi";
  }
  return "?";
}

const char* to_string(Activation activation) {
  switch (activation) {
    case Activation::Relu: return "relu";
    case Activation::GeluErf: return "gelu";
    case Activation::GeluTanh: return "gelu_tanh";
    case Activation::Silu: return "silu";
    case Activation::Tanh: return "tanh";
  }
  return "?";
}

const char* to_string(ResidualLayout layout) {
  switch (layout) {
    case ResidualLayout::PostNorm: return "post-norm";
    case ResidualLayout::PreNorm: return "pre-norm";
    case ResidualLayout::Parallel: return "parallel";
  }
  return "?";
}

const char* to_string(ClassifierKind kind) {
  switch (kind) {
    case ClassifierKind::None: return "none";
    case ClassifierKind::Sequence: return "sequence classification";
    case ClassifierKind::Token: return "token classification";
    case ClassifierKind::QuestionAnswering: return "question answering";
  }
  return "?";
}

const char* to_string(Architecture architecture) {
  switch (architecture) {
    case Architecture::EncoderOnly: return "encoder";
    case Architecture::DecoderOnly: return "decoder";
    case Architecture::EncoderDecoder: return "encoder-decoder";
  }
  return "?";
}

}  // namespace core
