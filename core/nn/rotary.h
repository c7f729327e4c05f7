#pragma once
// Rotary position encoding (RoFormer; Llama, Qwen2, Mistral, Gemma, GPT-NeoX): instead of adding
// a position vector to a^i, each head's q^i and k^j are rotated by angles proportional to their
// positions, so q^i · k^j depends on the positions only through i − j.
//
// The rotate-half layout HF uses: for a head's first rotary_dim dims, dims i and i + rotary_dim/2
// form a pair rotated by the angle p · ω_i, ω_i = θ^(−2i/rotary_dim) (rescaled by RopeScaling):
//   q'[i]       = q[i] cos(p ω_i) − q[i + r/2] sin(p ω_i)
//   q'[i + r/2] = q[i + r/2] cos(p ω_i) + q[i] sin(p ω_i)
// The remaining head_dim − rotary_dim dims pass unchanged (Pythia's rotary_pct).

#include <span>
#include <vector>

#include "nn/block_spec.h"
#include "tensor/tensor.h"

namespace core {

// ω_i for i < rotary_dim/2 and the factor cos and sin are multiplied by (yarn), for a pass whose
// largest position is length − 1 (the dynamic type rescales θ only past its max_positions).
struct RotaryFrequencies {
  std::vector<float> omega;
  float attention_factor = 1.0f;
};
RotaryFrequencies rotary_frequencies(const RotarySpec& spec, int length);

// cos(p ω_i) and sin(p ω_i) (× attention_factor) for positions first, first + 1, …: (rows, rotary_dim/2).
// pairs_off (the PE explorer's frequency-band mask): these pairs i get angle 0 at every position, so
// they carry no position (indices outside 0 … rotary_dim/2 − 1 are ignored); empty: every pair rotates.
struct RotaryTable {
  RowMatrix cos;
  RowMatrix sin;
};
RotaryTable rotary_table(const RotarySpec& spec, int first_position, int rows, int length,
                         std::span<const int> pairs_off = {});

// Rotates every head of x in place: x is (T, heads · head_dim), row t at the table's row t.
void apply_rotary(Eigen::Ref<RowMatrix> x, int heads, int head_dim, const RotaryTable& table);

}  // namespace core
