#pragma once
// Sinusoidal position vectors e^p, set by hand rather than learned (Vaswani et al. 2017, §3.5).

#include "nn/block_spec.h"
#include "tensor/tensor.h"

namespace core {

// (positions, d_model) table. Interleaved: e(p, 2i) = sin(p / 10000^(2i/d)), e(p, 2i+1) = cos(…).
// Halves: e(p, i) = sin(p / 10000^(2i/d)) and e(p, d/2 + i) = cos(…) for i < d/2.
RowMatrix sinusoidal_table(int positions, int d_model, AbsolutePositions layout);

}  // namespace core
