#pragma once
// The classroom walkthrough of one attention layer, step by step in the lecture's notation.
//   a^i                      the layer's input rows (for pre-LN models: the normalised inputs)
//   q^i = W^q a^i + b^q      k^i = W^k a^i + b^k      v^i = W^v a^i + b^v   (b only if the model has one)
//   α_{1,i} = q^1 · k^i / √d (d = d_k, the size of one head's q and k)
//   mask (decoder self-attention): α_{1,i} = −∞ for i after the query
//   α̂_{1,i} = exp(α_{1,i}) / Σ_j exp(α_{1,j})
//   b^1 = Σ_i α̂_{1,i} v^i
// Matrix form (columns are tokens, as the lecture writes it): I = [a^1 … a^n],
//   Q = W^q I, K = W^k I, V = W^v I, A = K^T Q / √d, Â = softmax(A) per column, O = V Â.
// Multi-head: q^{i,h} is rows [h d_k, (h+1) d_k) of q^i; each head gives b^{i,h};
//   b^i = W^O [b^{i,1}; …; b^{i,H}] + b^O.
// Every step is computed here from the weights, one vector at a time where the lecture does so,
// and never copied from the forward pass, so a test against the forward pass checks both.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "model/model.h"
#include "tensor/tensor.h"
#include "model/trace.h"
#include "nn/block_spec.h"
#include "nn/weights.h"

namespace core {

using ColumnMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using ColumnVector = Eigen::Matrix<float, Eigen::Dynamic, 1>;

// The walkthrough's pages, in the lecture's order; lessons store a page by its number.
// Mask is a page for every kind of attention: without a mask it says that every key is visible.
enum class WalkthroughPage { Inputs, QueryKeyValue, Scores, Mask, Softmax, WeightedSum, MatrixForm, MultiHead };
constexpr int walkthrough_page_count = 8;

// What to walk through: which attention, layer, head, and which query plays the lecture's "1".
struct WalkthroughRequest {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
  int head = 0;
  int query = 0;
};

// The steps for one query and one head: the lecture's pages 1–5.
struct QueryStep {
  ColumnVector q;            // q^1 of this head: (d_k)
  ColumnMatrix k;            // k^i of this head as columns: (d_k, T_k)
  ColumnMatrix v;            // v^i of this head as columns: (d_k, T_k)
  ColumnVector alpha_raw;    // q^1 · k^i / √d before any mask: (T_k)
  std::vector<bool> visible; // false where the causal mask hides key i from this query
  ColumnVector alpha;        // α_{1,i} after the mask (−∞ where hidden): (T_k)
  ColumnVector alpha_hat;    // α̂_{1,i}: (T_k), sums to 1
  ColumnVector b;            // b^{1,h} = Σ_i α̂_{1,i} v^{i,h}: (d_k)
};

// The lecture's matrix form for one head, columns are tokens.
struct MatrixForm {
  ColumnMatrix input_q;   // I for the queries: (d_model, T_q)
  ColumnMatrix input_kv;  // I for the keys and values: (d_model, T_k)
  ColumnMatrix q;         // Q = W^q I (+ b^q), this head's rows: (d_k, T_q)
  ColumnMatrix k;         // (d_k, T_k)
  ColumnMatrix v;         // (d_k, T_k)
  ColumnMatrix a;         // A = K^T Q / √d, masked entries −∞: (T_k, T_q)
  ColumnMatrix a_hat;     // Â = softmax(A), every column sums to 1: (T_k, T_q)
  ColumnMatrix o;         // O = V Â: (d_k, T_q)
};

struct Walkthrough {
  WalkthroughRequest request;
  AttentionSpec spec;             // the layer's attention: heads, kv heads, scale, positions, mask
  int heads = 0;
  int d_k = 0;
  bool causal_mask = false;     // decoder self-attention: the mask step is shown
  bool cross_attention = false; // queries from the decoder, keys and values from the encoder
  bool normalised_inputs = false;  // pre-LN: a^i = LN(x^i), not the residual stream itself
  bool has_bias = false;           // q = W^q a + b^q: the biases are shown
  bool positional_encoding = true; // false: no rotation and no position bias (the "no PE" run)
  bool rotary = false;             // q and k are rotated by their positions before q · k
  std::vector<float> alibi_slopes; // ALiBi models: m_h per head (α_{i,j} += m_h · j)

  // Step 1: the inputs a^i, as rows (T, d_model).
  RowMatrix a_q;   // where the queries come from
  RowMatrix a_kv;  // where the keys and values come from (the same rows for self-attention)
  // Step 2: q^i, k^i, v^i of every head, computed one vector at a time: (T, d_model).
  RowMatrix q;
  RowMatrix k;
  RowMatrix v;
  RowVector b_q;  // biases (d_model), empty when the model has none
  RowVector b_k;
  RowVector b_v;
  RowVector b_o;
  // Steps 3–5 for the chosen query and head.
  QueryStep step;
  // Step 6: the matrix form for the chosen head.
  MatrixForm matrix;
  // Step 7: multi-head. b^{i,h} for every head: (T_q, d_k); concatenated (T_q, d_model); after W^O.
  std::vector<RowMatrix> head_outputs;
  RowMatrix concatenated;
  RowMatrix output;
};

// a_q: (T_q, d_model), a_kv: (T_k, d_model) → every step. Throws InputError when the head or the
// query is out of range or the shapes do not fit the weights.
Walkthrough walk_through(const AttentionWeights& weights, const AttentionSpec& spec,
                         const Eigen::Ref<const RowMatrix>& a_q, const Eigen::Ref<const RowMatrix>& a_kv,
                         const WalkthroughRequest& request, bool positional_encoding = true);

// The layer's weights for an attention kind. Throws InputError when the model has no such layer.
const AttentionWeights& attention_weights(const Model& model, AttentionKind kind, int layer);

// Runs the forward pass once, recording the layer's input rows a^i ("attn_in_q", "attn_in_kv"), then
// walks through them. Ids as for core::forward. memory_budget: bytes the pass may allocate
// (core::ForwardOptions::memory_budget; 0: no limit), else core::MemoryBudgetError.
Walkthrough walk_through(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                         const WalkthroughRequest& request, bool positional_encoding = true,
                         std::size_t memory_budget = 0);

}  // namespace core
