#pragma once
// One head's α̂ a block of query rows at a time, each block over only the keys its rows may see:
// how an on-demand trace (model/trace.h) recomputes a head at thousands of tokens, how the forward
// pass computes a head it does not keep, and how the per-head metrics stream over a head without
// its T_q × T_k matrix ever existing whole (analysis/head_metric_rows.h).
//   blocks     rows [b_0, b_1), [b_1, b_2), … of 64 (the last one takes the remainder)
//   keys seen  T_k, or under the causal mask min(first_query + b_{k+1}, T_k): the keys past it are
//              masked in every row of the block, so they are neither multiplied nor exponentiated
// A block has at least min(T_q, 64) rows, so it goes through the same GEMM kernel as a whole-matrix
// product of T_q rows, and the softmax's masked lanes add exactly 0: the α̂ is the whole pass's, bit
// for bit.

#include <vector>

#include "nn/attention_scores.h"

namespace core {

// The keys the query rows before `end` may see, counted from key 0.
Eigen::Index keys_seen(const AttentionSpec& spec, int first_query, Eigen::Index keys, Eigen::Index end);
Eigen::Index keys_seen(const AttentionScoreInputs& inputs, Eigen::Index end);

// Block boundaries 0 = b_0 < b_1 < … = T_q (just {0} when T_q = 0).
std::vector<Eigen::Index> query_blocks(Eigen::Index queries);

// α̂ of the query rows [begin, end) of head h: (end − begin, keys_seen(inputs, end)); the full α̂'s
// columns past it are 0. Single-threaded; 2 · (end − begin) · keys_seen · d_h multiply-adds.
RowMatrix head_attention_rows(const AttentionScoreInputs& inputs, int head, Eigen::Index begin, Eigen::Index end);

}  // namespace core
