#pragma once
// Multi-head scaled dot-product attention, in the lecture's notation.
//   a^i : input rows;  q^i = W^q a^i + b^q,  k^j = W^k a^j + b^k,  v^j = W^v a^j + b^v
//   (rotary models rotate each head's q^i and k^j by their positions first)
//   α_{i,j} = q^i · k^j · scale (+ position bias), soft-capped (Gemma 2), masked (−∞)
//   α̂_{i,j} = softmax_j(α_{i,j})         (attention weights: every row sums to 1)
//   b^i = Σ_j α̂_{i,j} v^j                (per head; heads concatenated, then W^O)
// Grouped-query attention: query head h reads key/value head h / (heads / kv_heads).

#include <span>
#include <vector>

#include "nn/attention_kind.h"
#include "nn/attention_scores.h"
#include "nn/block_spec.h"
#include "nn/recorder.h"
#include "nn/weights.h"
#include "tensor/tensor.h"

namespace core {

// Keys and values of one attention layer kept across generation steps, so a step computes one
// token's projections instead of the whole prefix's:
//   self-attention: every earlier position's k^j (rotated) and v^j, grown by each step;
//   cross-attention: the encoder output's, computed at the first step and reused.
struct KeyValueCache {
  RowMatrix k;  // (capacity, H_kv·d_h); rows [0, length) hold keys
  RowMatrix v;  // (capacity, H_kv·d_h)
  Eigen::Index length = 0;
};

// Where one attention call sits in the pass and what it is asked to do besides computing.
struct AttentionCall {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
  bool positional_encoding = true;  // false: no rotation, no relative/ALiBi bias (the "no PE" runs)
  int first_query_position = 0;     // position of the first query row (0 for a whole sequence)
  std::span<const int> zeroed_heads;  // ablation: their b^{i,h} is zero before W^O; α̂ is still returned
  Recorder* recorder = nullptr;       // receives the named steps of wanted layers
  // On-demand trace (model/trace.h): return Q, K and the score terms instead of every head's α̂
  // (α̂ is still computed, one head at a time, for the output; a recorded layer still records it).
  bool keep_score_inputs = false;
  // Generation with a key/value cache: self-attention appends this call's keys and values (x_kv =
  // the new rows, at first_query_position) and attends over every cached one; cross-attention
  // projects the memory once, at the first call, and reuses it. nullptr: no cache.
  KeyValueCache* cache = nullptr;
  // Rotary models' frequency-band mask: these pairs i (nn/rotary.h) keep angle 0 at every position,
  // so they carry no position; empty: every pair rotates.
  std::span<const int> rotary_pairs_off{};
};

struct AttentionResult {
  RowMatrix output;                  // (T_q, d_model), after W^O
  std::vector<RowMatrix> alpha_hat;  // α̂ per query head: (T_q, T_k); empty when keep_score_inputs
  AttentionScoreInputs score_inputs; // filled when keep_score_inputs: what recomputes any head's α̂
};

// Row softmax in place. Subtracts each row's maximum first so exp never overflows; entries equal
// to -infinity (masked) become exactly 0, and a row with every entry masked becomes all zeros.
void softmax_rows(RowMatrix& scores);

// Sets α_{i,j} = −∞ where the mask hides key j from query i (query i at first_query + i).
void apply_mask(RowMatrix& scores, const AttentionSpec& spec, int first_query);

// x_q: (T_q, d_model) the queries' input; x_kv: (T_k, d_model) the keys' and values' input
// (the same matrix for self-attention).
AttentionResult multi_head_attention(const Eigen::Ref<const RowMatrix>& x_q, const Eigen::Ref<const RowMatrix>& x_kv,
                                     const AttentionWeights& weights, const AttentionSpec& spec,
                                     const AttentionCall& call);

}  // namespace core
