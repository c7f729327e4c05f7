#pragma once
// Matrix types shared by the whole core.
// Tokens are rows: x is (T, d_model), so a checkpoint's [out, in] weight W gives y = x Wᵀ,
// and an attention matrix's rows are queries and its columns keys, as the heatmaps draw them.

#include <Eigen/Core>

namespace core {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatrixView = Eigen::Map<const RowMatrix>;
using VectorView = Eigen::Map<const RowVector>;

// A weight that lives elsewhere (a memory-mapped checkpoint or a loader buffer).
// Unlike an Eigen::Map it can be re-pointed, so weight structs stay plain assignable values.
// Empty (no data) means "this model has no such tensor".
struct WeightMatrix {
  const float* data = nullptr;
  Eigen::Index rows = 0;
  Eigen::Index cols = 0;

  MatrixView view() const { return MatrixView(data, rows, cols); }
  bool empty() const { return data == nullptr; }
};

struct WeightVector {
  const float* data = nullptr;
  Eigen::Index size = 0;

  VectorView view() const { return VectorView(data, size); }
  bool empty() const { return data == nullptr; }
};

}  // namespace core
