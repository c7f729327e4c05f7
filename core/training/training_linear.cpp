#include "training/training_linear.h"

namespace core {

template <typename Scalar>
Tensor<Scalar> linear_forward(const Tensor<Scalar>& x, const LinearParameters<Scalar>& p) {
  Tensor<Scalar> y(x.rows(), p.weight.rows());
  // y = x Wᵀ + b
  y.noalias() = x * p.weight.transpose();
  y.rowwise() += p.bias.row(0);
  return y;
}

template <typename Scalar>
Tensor<Scalar> linear_backward(const Tensor<Scalar>& x, const Tensor<Scalar>& d_y, const LinearParameters<Scalar>& p,
                               LinearParameters<Scalar>& grad) {
  // ∂L/∂W += (∂L/∂y)ᵀ x
  grad.weight.noalias() += d_y.transpose() * x;
  // ∂L/∂b += Σ over rows of ∂L/∂y: every token used the same bias
  grad.bias.row(0) += d_y.colwise().sum();
  // ∂L/∂x = ∂L/∂y W
  Tensor<Scalar> d_x(x.rows(), x.cols());
  d_x.noalias() = d_y * p.weight;
  return d_x;
}

template Tensor<float> linear_forward(const Tensor<float>&, const LinearParameters<float>&);
template Tensor<double> linear_forward(const Tensor<double>&, const LinearParameters<double>&);
template Tensor<float> linear_backward(const Tensor<float>&, const Tensor<float>&, const LinearParameters<float>&,
                                       LinearParameters<float>&);
template Tensor<double> linear_backward(const Tensor<double>&, const Tensor<double>&, const LinearParameters<double>&,
                                        LinearParameters<double>&);

}  // namespace core
