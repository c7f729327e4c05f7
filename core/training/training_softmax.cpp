#include "training/training_softmax.h"

namespace core {

template <typename Scalar>
Tensor<Scalar> masked_softmax_forward(const Tensor<Scalar>& alpha, bool causal) {
  Tensor<Scalar> alpha_hat = Tensor<Scalar>::Zero(alpha.rows(), alpha.cols());
  for (Eigen::Index i = 0; i < alpha.rows(); ++i) {
    // Under the causal mask query i sees keys 0..i.
    const Eigen::Index visible = causal ? std::min(i + 1, alpha.cols()) : alpha.cols();
    const auto scores = alpha.row(i).head(visible).array();
    // Subtracting the row maximum keeps exp() ≤ 1.
    auto row = alpha_hat.row(i).head(visible).array();
    row = (scores - scores.maxCoeff()).exp();
    row /= row.sum();
  }
  return alpha_hat;
}

template <typename Scalar>
Tensor<Scalar> masked_softmax_backward(const Tensor<Scalar>& alpha_hat, const Tensor<Scalar>& d_alpha_hat) {
  // Σ_k α̂_{i,k} ∂L/∂α̂_{i,k}, one value per query row
  const Eigen::Matrix<Scalar, Eigen::Dynamic, 1> weighted = alpha_hat.cwiseProduct(d_alpha_hat).rowwise().sum();
  Tensor<Scalar> d_alpha = d_alpha_hat;
  d_alpha.colwise() -= weighted;
  return alpha_hat.cwiseProduct(d_alpha);
}

template Tensor<float> masked_softmax_forward(const Tensor<float>&, bool);
template Tensor<double> masked_softmax_forward(const Tensor<double>&, bool);
template Tensor<float> masked_softmax_backward(const Tensor<float>&, const Tensor<float>&);
template Tensor<double> masked_softmax_backward(const Tensor<double>&, const Tensor<double>&);

}  // namespace core
