#include "training/training_embedding.h"

namespace core {

template <typename Scalar>
Tensor<Scalar> embedding_forward(const std::vector<int>& ids, const Segments& segments, const Tensor<Scalar>& table,
                                 const Tensor<Scalar>& positions, Scalar scale) {
  Tensor<Scalar> a(static_cast<Eigen::Index>(ids.size()), table.cols());
  for (const Segment& segment : segments) {
    for (Eigen::Index p = 0; p < segment.length; ++p) {
      const Eigen::Index i = segment.start + p;
      // a^i = W[id] s + e^p, in the order core::embed adds them
      a.row(i) = table.row(ids[static_cast<std::size_t>(i)]) * scale;
      a.row(i) += positions.row(p);
    }
  }
  return a;
}

template <typename Scalar>
void embedding_backward(const std::vector<int>& ids, const Tensor<Scalar>& d_a, Scalar scale, Tensor<Scalar>& grad_table) {
  for (Eigen::Index i = 0; i < d_a.rows(); ++i) grad_table.row(ids[static_cast<std::size_t>(i)]) += d_a.row(i) * scale;
}

template Tensor<float> embedding_forward(const std::vector<int>&, const Segments&, const Tensor<float>&,
                                         const Tensor<float>&, float);
template Tensor<double> embedding_forward(const std::vector<int>&, const Segments&, const Tensor<double>&,
                                          const Tensor<double>&, double);
template void embedding_backward(const std::vector<int>&, const Tensor<float>&, float, Tensor<float>&);
template void embedding_backward(const std::vector<int>&, const Tensor<double>&, double, Tensor<double>&);

}  // namespace core
