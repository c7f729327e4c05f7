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

#include <vector>

#include <Eigen/Core>

#include "model/model.h"
#include "nn/recorder.h"

namespace core {

using RowMatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVectorD = Eigen::Matrix<double, 1, Eigen::Dynamic>;

struct LayerContributions {
  std::vector<RowMatrix> alpha_hat;  // α̂^h per query head, (T_q, T_k)
  std::vector<RowMatrixD> f;         // f^h(x_j) per query head, (T_k, d_model): row j
  RowVectorD output_bias;            // b^O (d_model), zeros when the layer has none

  int heads() const { return static_cast<int>(alpha_hat.size()); }
  Eigen::Index queries() const { return alpha_hat.front().rows(); }
  Eigen::Index keys() const { return alpha_hat.front().cols(); }

  // c_{i,j} for every key j of query i: (T_k, d_model), row j = c_{i,j}.
  RowMatrixD query_contributions(Eigen::Index i) const;
};

// The layer's α̂, v and W^O, from a pass that recorded this layer (ForwardOptions::record).
// weights: the weights the pass used (model.weights(precision)). Throws core::InputError when the
// layer was not recorded.
LayerContributions layer_contributions(const ModelSpec& spec, const ModelWeights& weights, const Recorder& record,
                                       AttentionKind kind, int layer);

}  // namespace core
