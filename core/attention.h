#pragma once
// Multi-head scaled dot-product attention, in the lecture's notation.
//   a^i : input rows;  q^i = W^q a^i + b^q,  k^i = W^k a^i + b^k,  v^i = W^v a^i + b^v
//   α_{i,j} = q^i · k^j / sqrt(d_k)      (pre-softmax scores, per head)
//   α̂_{i,j} = softmax_j(α_{i,j})         (attention weights: every row sums to 1)
//   b^i = Σ_j α̂_{i,j} v^j                (per head; heads concatenated, then W^O)

#include <span>
#include <vector>

#include "tensor.h"
#include "weights.h"

namespace core {

enum class AttentionMask {
  None,    // every query sees every key
  Causal,  // query i sees keys 0..i only (the decoder's masked self-attention)
};

// Everything the classroom walkthrough shows for one attention call.
struct AttentionDetail {
  RowMatrix input_queries;          // a^i the queries come from: (T_q, d_model)
  RowMatrix input_keys_values;      // a^j the keys and values come from: (T_k, d_model)
  RowMatrix q;                      // (T_q, d_model), all heads side by side, bias included
  RowMatrix k;                      // (T_k, d_model)
  RowMatrix v;                      // (T_k, d_model)
  std::vector<RowMatrix> scores;    // α per head: (T_q, T_k); masked entries are -infinity
  RowMatrix heads_concatenated;     // b^{i,h} of every head side by side, before W^O: (T_q, d_model)
};

struct AttentionResult {
  RowMatrix output;                   // (T_q, d_model), after W^O
  std::vector<RowMatrix> alpha_hat;   // α̂ per head: (T_q, T_k)
};

// Row softmax in place. Subtracts each row's maximum first so exp never overflows; entries equal
// to -infinity (masked) become exactly 0, and a row with every entry masked becomes all zeros.
void softmax_rows(RowMatrix& scores);

// x_q: (T_q, d_model) the queries' input; x_kv: (T_k, d_model) the keys' and values' input
// (the same matrix for self-attention). When detail is given it is filled too. zeroed_heads:
// heads switched off (ablation): their b^{i,h} is zero before W^O; their α̂ is still returned.
AttentionResult multi_head_attention(const Eigen::Ref<const RowMatrix>& x_q,
                                     const Eigen::Ref<const RowMatrix>& x_kv,
                                     const AttentionWeights& weights, int heads, AttentionMask mask,
                                     AttentionDetail* detail = nullptr, std::span<const int> zeroed_heads = {});

}  // namespace core
