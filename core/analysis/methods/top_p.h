#pragma once
// Top-p edges: for each query keep the smallest set of keys that together hold at least a share p
// of the row's mass, the way nucleus sampling keeps tokens (Holtzman et al. 2020), and drop the
// rest. Beside the views' fixed threshold, it adapts to each row: a peaked row keeps one key, a
// flat row keeps many.
//   order the keys of row i by weight w_{i,j}, largest first (ties: lower j first)
//   K_i = the shortest prefix with Σ_{j ∈ K_i} w_{i,j} ≥ p · Σ_j w_{i,j}
//         (less 10⁻⁶ of the total: float32 weights that sum to p on paper may miss it by rounding)
// For α̂ the row total is 1, so the kept mass is ≥ p; for methods whose rows are not distributions
// (norm-based) the share is of the row's total. docs/methods.md.

#include <vector>

#include "tensor/tensor.h"

namespace core {

// The kept keys K_i of one row, largest weight first. p in (0, 1]; throws core::InputError
// otherwise. A row of zeros (a fully masked query) keeps nothing. Negative weights are refused
// (core::InputError): mass must be non-negative.
std::vector<int> top_p_keys(const Eigen::Ref<const RowVector>& row, double p);

// weights with every entry outside its row's K_i set to 0 (the shape is kept).
RowMatrix top_p_filter(const RowMatrix& weights, double p);

}  // namespace core
