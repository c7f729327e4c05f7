#pragma once
// One head's attention scores from its layer's queries and keys, shared by the forward pass
// (which computes every head) and an on-demand trace (which recomputes the heads a view asks for,
// model/trace.h), so both give the same α̂ bit for bit.
//   α_{i,j} = q^i_h · k^j_g · scale          (g = the key/value head query head h reads)
//   α ← cap · tanh(α / cap)                  (Gemma 2's soft cap, when the spec has one)
//   α_{i,j} += table[bucket(j − i), h]  or  m_h · j     (T5's relative bias or ALiBi)
//   α_{i,j} = −∞ where the causal mask or the sliding window hides key j
//   α̂_i = softmax_j(α_i)

#include <vector>

#include "nn/block_spec.h"
#include "tensor/tensor.h"

namespace core {

// What recomputing one attention layer's α̂ needs, kept by a pass whose trace is on demand:
// Q and K after rotation plus the spec's score terms, O(T·d) floats instead of α̂'s H·T_q·T_k.
struct AttentionScoreInputs {
  RowMatrix q;                     // (T_q, H·d_h), rotated (rotary models with PE)
  RowMatrix k;                     // (T_k, H_kv·d_h), rotated likewise
  AttentionSpec spec;              // heads, grouping, scale, soft cap, mask, window, position term
  RowMatrix relative_bias_table;   // T5: [buckets, heads] (a copy: a few hundred floats); else empty
  bool position_bias = false;      // add T5's bias or ALiBi (false in the "no PE" runs)
  int first_query_position = 0;    // position of q's first row

  int queries() const { return static_cast<int>(q.rows()); }
  int keys() const { return static_cast<int>(k.rows()); }
};

// α (T_q, T_k) of query head h for the rows of q, the first at position first_query: every term
// above except the softmax (masked entries −∞). q: (T_q, H·d_h), k: (T_k, H_kv·d_h), both with
// their own row strides (a block of rows of a larger Q is accepted). relative_table: T5's
// [buckets, heads] float32 table, empty otherwise; alibi_slope: m_h (unused without ALiBi).
RowMatrix head_scores(const Eigen::Ref<const RowMatrix>& q, const Eigen::Ref<const RowMatrix>& k, const AttentionSpec& spec,
                      const WeightMatrix& relative_table, bool position_bias, int first_query, int head,
                      float alibi_slope);

// α̂ (T_q, T_k) of query head h, recomputed from a layer's kept inputs; rows are split across the
// calling thread's budget (core::parallel_for). Equal to what the forward pass computed.
RowMatrix head_attention(const AttentionScoreInputs& inputs, int head);

}  // namespace core
