#pragma once
// Matrix types of the trainer. The inference core is float-only and reads weight views; the
// trainer owns its parameters and is templated on the scalar so the same code runs in float
// (training) and in double (checking every gradient against finite differences).
// Tokens are rows, as in the inference core. A batch packs its examples' rows one after another;
// a Segment says which rows belong to one example, so position-wise boxes (Linear, LayerNorm,
// feed-forward) run once over the whole batch and only attention looks at example boundaries.

#include <vector>

#include <Eigen/Core>

namespace core {

template <typename Scalar>
using Tensor = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Rows [start, start + length) of a packed batch: one example's tokens.
struct Segment {
  Eigen::Index start = 0;
  Eigen::Index length = 0;
};

using Segments = std::vector<Segment>;

}  // namespace core
