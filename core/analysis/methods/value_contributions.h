#pragma once
// What each key sends each query through one attention layer, read from a recorded forward pass.
// Lecture notation, for query i, key j and head h (g = h's key/value head under GQA):
//   f^h(x_j) = v^{j,g} (W^O_h)ᵀ              (v^{j,g} = x_j W^vᵀ + b^v, bias included; W^O_h: head h's
//                                             d_k columns of W^O, so f^h(x_j) is a d_model vector)
//   c_{i,j}  = Σ_h α̂^h_{i,j} f^h(x_j)        (key j's share of the attention output b^i)
//   b^i      = Σ_j c_{i,j} + b^O              (the attention block's output, after W^O)
// Norm-based attention and value zeroing (docs/methods.md) are both read off these vectors.
// Computed in float64 from the float32 recorded values, so differences of nearly equal outputs
// keep their digits.

#include <span>
#include <vector>

#include <Eigen/Core>

#include "model/model.h"
#include "model/trace.h"
#include "nn/recorder.h"

namespace core {

using RowMatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVectorD = Eigen::Matrix<double, 1, Eigen::Dynamic>;

struct LayerContributions {
  // α̂^h per query head: (T_q, T_k), or (n, T_k) holding only n chosen queries' rows (the overload
  // below that reads a trace)
  std::vector<RowMatrix> alpha_hat;
  std::vector<RowMatrixD> f;         // f^h(x_j) per query head, (T_k, d_model): row j
  RowVectorD output_bias;            // b^O (d_model), zeros when the layer has none

  int heads() const { return static_cast<int>(alpha_hat.size()); }
  Eigen::Index queries() const { return alpha_hat.front().rows(); }  // the rows held
  Eigen::Index keys() const { return alpha_hat.front().cols(); }

  // c_{i,j} for every key j of the query in row i of alpha_hat: (T_k, d_model), row j = c_{i,j}.
  RowMatrixD query_contributions(Eigen::Index i) const;
};

// The layer's α̂, v and W^O, from a pass that recorded this layer (ForwardOptions::record).
// weights: the weights the pass used (model.weights(precision)). Throws core::InputError when the
// layer was not recorded.
LayerContributions layer_contributions(const ModelSpec& spec, const ModelWeights& weights, const Recorder& record,
                                       AttentionKind kind, int layer);

// The same for the chosen queries only, with α̂ read from the pass's trace (dense or on demand:
// AttentionTrace::attention_rows, so an on-demand trace computes only the blocks holding them) and
// v from the record (a pass that recorded the layer, with or without its per-head matrices).
// alpha_hat[h] row r is query queries[r]. Throws core::InputError when the layer was not recorded
// or a query does not exist.
LayerContributions layer_contributions(const ModelSpec& spec, const ModelWeights& weights, const Recorder& record,
                                       const AttentionTrace& trace, AttentionKind kind, int layer,
                                       std::span<const int> queries);

}  // namespace core
