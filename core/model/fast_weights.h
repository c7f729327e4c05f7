#pragma once
// The "fast" precision's copy of a model's weights: every matrix a linear layer multiplies by
// (projections, feed-forward, output head, task head) as bfloat16 with DotProduct::Bf16, so the
// kernels round activations to bfloat16 and use bfloat16 dot products. A matrix stored as bfloat16
// is shared, not copied; float32 and float16 ones are rounded once. Embedding tables, positions and
// biases stay as they are (they are read by element, not multiplied).

#include <cstdint>
#include <memory>
#include <vector>

#include "nn/weights.h"

namespace core {

struct FastWeights {
  ModelWeights weights;
  std::vector<std::unique_ptr<std::uint16_t[]>> buffers;  // the rounded copies the views point into
};

FastWeights make_fast_weights(const ModelWeights& exact);

}  // namespace core
