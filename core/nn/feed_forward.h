#pragma once
// Position-wise feed-forward network, the same for every token:
//   plain: FFN(x) = act(x W_upᵀ + b_up) W_downᵀ + b_down
//   gated (SwiGLU, GeGLU): FFN(x) = (act(x W_gateᵀ) ⊙ x W_upᵀ) W_downᵀ
// Also the linear layer y = x Wᵀ + b that every box uses; its output columns are split across
// the forward pass's threads (thread_pool.h), each thread reading only its rows of W.

#include <utility>

#include "nn/block_spec.h"
#include "tensor/tensor.h"
#include "nn/weights.h"

namespace core {

// y = x Wᵀ + b for a checkpoint's [out, in] weight; x: (T, in) → (T, out).
RowMatrix linear(const Eigen::Ref<const RowMatrix>& x, const LinearWeights& weights);

// The columns [begin, end) of y = x Wᵀ + b: one thread's share of a linear layer. y: (T, out), sized by the caller.
void linear_columns(const Eigen::Ref<const RowMatrix>& x, const LinearWeights& weights, Eigen::Index begin,
                    Eigen::Index end, Eigen::Ref<RowMatrix> y);

// Part `part` of `parts` of the columns [0, n): contiguous ranges cut at multiples of 16 columns
// (one AVX-512 register) when n allows, so every thread gets whole registers.
std::pair<Eigen::Index, Eigen::Index> column_share(Eigen::Index n, int part, int parts);

// In place: relu, exact erf GELU, tanh-approximated GELU, or SiLU x·σ(x).
void activate(Eigen::Ref<RowMatrix> x, Activation activation);

// x: (T, d_model) → (T, d_model). Past 1,024 rows the hidden layer is computed a block of rows at a
// time (feed_forward_block_rows): each output row depends on its own input row only, and the
// hidden layer (T·d_ff floats, twice that gated) was a long pass's largest transient.
RowMatrix feed_forward(const Eigen::Ref<const RowMatrix>& x, const FeedForwardWeights& weights,
                       const FeedForwardSpec& spec);

// The most rows feed_forward computes at once for T rows: T up to 1,024, else T cut into equal
// blocks of at most 1,024 (so no block is a small remainder).
Eigen::Index feed_forward_block_rows(Eigen::Index rows);

}  // namespace core
