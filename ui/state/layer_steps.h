#pragma once
// The order the layer stepper walks a model in: encoder layers 1…N, then for each decoder layer
// its masked self-attention followed by its cross-attention.

#include <vector>

#include <QString>

#include "model/model_spec.h"
#include "model/trace.h"

namespace ui {

struct LayerStep {
  core::AttentionKind kind = core::AttentionKind::EncoderSelf;
  int layer = 0;  // 0-based

  bool operator==(const LayerStep&) const = default;
};

std::vector<LayerStep> layerSteps(const core::ModelSpec& config);

// Where a built-in task's pattern forms, which the Train panel's run shows first: the last
// decoder layer's cross-attention for an encoder-decoder task (reverse's anti-diagonal, the
// translation's word alignment), the last decoder layer's masked self-attention for a decoder-only
// one (induction's look-back head), the last encoder layer otherwise; the last step of layerSteps.
LayerStep patternStep(const core::ModelSpec& config);

// "Encoder layer 1 · self-attention", "Decoder layer 2 · cross-attention", …
QString describeStep(const LayerStep& step);
// "Encoder self-attention", "Decoder masked self-attention", "Decoder cross-attention"
QString describeKind(core::AttentionKind kind);
// The attention kinds a model has, in stepping order.
std::vector<core::AttentionKind> attentionKinds(const core::ModelSpec& config);
int layerCount(const core::ModelSpec& config, core::AttentionKind kind);

}  // namespace ui
