#pragma once
// The Model panel's description of a model's attention, positions and blocks, in the interface's
// language. Core's describe_attention / describe_positions / describe_blocks (model_spec.h) write
// the same in English for the command line; here every word goes through tr(), and only names stay
// as they are (LayerNorm, RMSNorm, relu, gelu, ALiBi, GQA, a rotary scaling's type).

#include <QString>

#include "model/model_spec.h"

namespace ui {

QString attentionDescription(const core::ModelSpec &spec);  // "4 heads, head size 32"
QString positionsDescription(const core::ModelSpec &spec);  // "sinusoidal", "rotary θ = 10000"
QString blocksDescription(const core::ModelSpec &spec);     // "LayerNorm, post-norm, relu feed-forward 256"

}  // namespace ui
