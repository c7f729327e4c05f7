#pragma once
// Matrix types shared by the whole core.
// Tokens are rows: x is (T, d_model), so a checkpoint's [out, in] weight W gives y = x Wᵀ,
// and an attention matrix's rows are queries and its columns keys, as the heatmaps draw them.

#include <Eigen/Core>

#include "tensor/scalar_types.h"

namespace core {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatrixView = Eigen::Map<const RowMatrix>;
using VectorView = Eigen::Map<const RowVector>;

// How a linear layer multiplies by a weight (core/tensor/gemm.h):
//   F32:  activations stay float32 and the weight's values are widened to float32 (exact:
//         the same result whatever type the weight is stored in);
//   Bf16: activations are rounded to bfloat16 and multiplied by a bfloat16 weight with float32
//         accumulation (the "fast" precision; twice the float32 rate where the CPU has AVX-512-BF16).
enum class DotProduct : std::uint8_t { F32, Bf16 };

// A weight that lives elsewhere (a memory-mapped checkpoint or a loader buffer), rows contiguous,
// elements of `type` as the checkpoint stores them: a bfloat16 checkpoint stays bfloat16 in memory.
// Unlike an Eigen::Map it can be re-pointed, so weight structs stay plain assignable values.
// Empty (no data) means "this model has no such tensor".
struct WeightMatrix {
  const void* data = nullptr;
  Eigen::Index rows = 0;
  Eigen::Index cols = 0;
  ScalarType type = ScalarType::F32;
  DotProduct dot = DotProduct::F32;

  bool empty() const { return data == nullptr; }
  // The float32 values in place. Only for a float32 weight: throws std::logic_error otherwise.
  MatrixView view() const;
  // Rows [begin, begin + count) as float32 (a copy, widened from the stored type).
  RowMatrix rows_f32(Eigen::Index begin, Eigen::Index count) const;
  RowMatrix to_f32() const { return rows_f32(0, rows); }
  // Rows [begin, begin + count), in place.
  WeightMatrix middle_rows(Eigen::Index begin, Eigen::Index count) const;
  const std::byte* row_bytes(Eigen::Index row) const {
    return static_cast<const std::byte*>(data) + row * cols * static_cast<Eigen::Index>(scalar_size(type));
  }
};

struct WeightVector {
  const float* data = nullptr;
  Eigen::Index size = 0;

  VectorView view() const { return VectorView(data, size); }
  bool empty() const { return data == nullptr; }
};

}  // namespace core
