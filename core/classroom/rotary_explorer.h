#pragma once
// The rotary part of the PE explorer, in the lecture's notation.
//   Each head's q^i (and k^j) is cut into rotary_dim/2 pairs; pair n is a point in a 2-D plane that
//   is turned by the angle i · ω_n at position i, ω_n = θ^(−2n/rotary_dim) (pair 0 turns fastest).
//   Rotating q^i by i ω and k^j by j ω leaves their dot product depending on the angle between
//   them, (i − j) ω, so α_{i,j} = q^i · k^j · scale depends on the positions only through i − j:
//   the same sentence placed s positions later gives the same scores.

#include <cstddef>
#include <span>
#include <vector>

#include "model/model.h"
#include "model/model_input.h"
#include "tensor/tensor.h"

namespace core {

// The planes of every frequency pair over positions 0 … positions − 1.
struct RotaryPlanes {
  std::vector<float> omega;       // ω_n, radians per position (after the model's rope scaling)
  std::vector<float> wavelength;  // 2π / ω_n: positions per full turn
  RowMatrix angle;                // (positions, pairs): i · ω_n wrapped to [0, 2π)
};

// Throws InputError when the side's stack has no rotary encoding or positions < 1.
RotaryPlanes rotary_planes(const Model& model, InputSide side, int positions);

// One head's scores α = q^i · k^j · scale (no mask, no soft cap) for the sentence at positions
// 0 … T − 1 and again at s … s + T − 1, from the layer's own q and k before rotation.
struct RotaryShift {
  int layer = 0;
  int head = 0;
  int shift = 0;               // s
  RowMatrix alpha;             // (T, T) at positions 0 …
  RowMatrix alpha_shifted;     // (T, T) at positions s …
  float max_difference = 0.0f; // max |alpha_shifted − alpha|
  float max_score = 0.0f;      // max |alpha|, the scale the difference is measured against
};

// ids: the side's token ids (the pass runs with every position term on, pairs_off masked as in
// ForwardOptions::rotary_pairs_off). Throws InputError when the side has no rotary encoding, the
// layer or head does not exist, shift < 0, or the ids do not fit the model (as forward() does), and
// core::MemoryBudgetError for a pass over memory_budget bytes (core::ForwardOptions; 0: no limit).
RotaryShift rotary_shift(const Model& model, InputSide side, std::span<const int> ids, int layer, int head, int shift,
                         std::span<const int> pairs_off = {}, std::size_t memory_budget = 0);

}  // namespace core
