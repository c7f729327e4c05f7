#pragma once
// Why a head attends, for one query: the q·k view (BertViz's "neuron view"). For query i of head
// h (reading key/value head g) over every key j of one attention layer:
//   q^i, k^j                 the head's query and keys (bias included), before any rotation
//   q'^i, k'^j               rotary models: after the rotation by their positions
//   q'^i ⊙ k'^j              the elementwise products; their sum is the dot product
//   content_j = scale · Σ_d (q'^i ⊙ k'^j)_d                  (q and k themselves without rotation)
//   content⁰_j = scale · q^i · k^j                           (rotary: the same without the rotation;
//                                                             the rotation's share is content − content⁰)
//   capped_j = cap · tanh(content_j / cap)                   (Gemma 2's soft cap)
//   bias_j = table[bucket(j − i), h]  or  m_h · j            (T5's relative bias or ALiBi: its own term)
//   α_{i,j} = capped_j (or content_j) + bias_j,  −∞ where the mask hides key j
//   α̂_{i,j} = softmax_j(α_{i,j})
// Every number is read from (or recomputed exactly as) the forward pass's own steps
// (nn/recorder.h), so α and α̂ are the pass's values. docs/methods.md ("q·k view").

#include <span>
#include <vector>

#include "model/model.h"
#include "model/transformer.h"

namespace core {

// One head of one layer and one of its query rows (every index from 0).
struct QkRequest {
  HeadRef head;
  int query = 0;
};

struct QkView {
  QkRequest request;
  int kv_head = 0;   // g: the key/value head query head h reads (grouped-query attention)
  int head_dim = 0;  // d_h
  float scale = 0.0f;
  float soft_cap = 0.0f;                         // 0: none
  ScorePositions positions = ScorePositions::None;
  bool positional_encoding = true;               // false: the pass ran without position terms
  RowVector q;                 // (d_h): q^i before rotation
  RowMatrix k;                 // (T_k, d_h): k^j before rotation
  RowVector q_rotated;         // (d_h) rotary (with PE) only; else empty
  RowMatrix k_rotated;         // (T_k, d_h) rotary (with PE) only; else empty
  RowMatrix products;          // (T_k, d_h): q ⊙ k^j of the vectors the score multiplies (rotated when rotary)
  RowVector content;           // (T_k): scale · Σ_d products
  RowVector content_unrotated; // (T_k) rotary (with PE) only: scale · q · k without the rotation; else empty
  RowVector capped;            // (T_k) soft cap only: cap · tanh(content / cap); else empty
  RowVector position_bias;     // (T_k) T5 relative bias or ALiBi (with PE) only; else empty
  RowVector alpha;             // (T_k): the score the pass computed, −∞ where masked
  RowVector alpha_hat;         // (T_k): softmax(α), 0 where masked
  std::vector<bool> masked;    // (T_k): true where the mask hides key j

  int keys() const { return static_cast<int>(k.rows()); }
  bool rotary() const { return q_rotated.size() > 0; }
};

// The view from a pass that recorded the request's layer (ForwardOptions::record);
// positional_encoding: what the pass ran with (false: no rotation and no bias term). Throws
// core::InputError naming the kind, layer, head or query that does not exist or was not recorded.
QkView qk_view(const Model& model, const ForwardResult& pass, const QkRequest& request, bool positional_encoding = true);

// Runs the pass (recording only the request's layer) and returns the view; ids as forward()
// takes them. Throws what forward() throws and the errors above, checked before the pass.
QkView compute_qk_view(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                       const QkRequest& request, const ForwardOptions& forward_options = {});

// Throws core::InputError naming what the model does not have: the kind, the layer ("decoder_self
// layer 7 does not exist: the model has 2") or the head.
void check_head(const ModelSpec& spec, const HeadRef& head);

}  // namespace core
