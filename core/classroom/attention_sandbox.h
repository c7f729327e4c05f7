#pragma once
// The attention sandbox: a few tokens with small hand-made q, k, v, no model behind them.
//   α_{i,j} = q^i · k^j / √d / τ     (√d only when the scaling is on; τ the temperature)
//   causal mask: α_{i,j} = −∞ for j > i
//   α̂_{i,j} = softmax_j(α_{i,j})
//   b^i = Σ_j α̂_{i,j} v^j

#include "tensor/tensor.h"

namespace core {

struct SandboxInput {
  RowMatrix q;  // (T, d), one row per token
  RowMatrix k;  // (T, d)
  RowMatrix v;  // (T, d_v)
  bool scale_by_sqrt_d = true;
  float temperature = 1.0f;  // > 0; large flattens α̂ towards uniform, small sharpens it towards argmax
  bool causal_mask = false;
};

struct SandboxResult {
  RowMatrix alpha;      // (T, T), −∞ where masked
  RowMatrix alpha_hat;  // (T, T), rows sum to 1
  RowMatrix b;          // (T, d_v)
};

// Throws InputError for a temperature ≤ 0 or shapes that do not fit together.
SandboxResult run_sandbox(const SandboxInput& input);

}  // namespace core
