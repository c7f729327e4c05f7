#include "training/training_layer_norm.h"

#include <cmath>

namespace core {

template <typename Scalar>
Tensor<Scalar> layer_norm_forward(const Tensor<Scalar>& x, const LayerNormParameters<Scalar>& p, Scalar eps,
                                  LayerNormCache<Scalar>& cache) {
  const Eigen::Index d = x.cols();
  cache.x_hat.resize(x.rows(), d);
  cache.inv_std.resize(x.rows(), 1);
  Tensor<Scalar> y(x.rows(), d);
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    // The same order of operations as core::layer_norm, so a saved model reproduces training's numbers.
    const Scalar mean = x.row(t).mean();
    const Scalar variance = (x.row(t).array() - mean).square().sum() / static_cast<Scalar>(d);
    const Scalar inv_std = Scalar(1) / std::sqrt(variance + eps);
    cache.inv_std(t, 0) = inv_std;
    cache.x_hat.row(t) = (x.row(t).array() - mean) * inv_std;
    y.row(t) = (cache.x_hat.row(t).array() * p.gamma.row(0).array() + p.beta.row(0).array()).matrix();
  }
  return y;
}

template <typename Scalar>
Tensor<Scalar> layer_norm_backward(const Tensor<Scalar>& d_y, const LayerNormParameters<Scalar>& p,
                                   const LayerNormCache<Scalar>& cache, LayerNormParameters<Scalar>& grad) {
  // ∂L/∂γ += Σ_t ∂L/∂y ⊙ x̂,  ∂L/∂β += Σ_t ∂L/∂y
  grad.gamma.row(0) += (d_y.array() * cache.x_hat.array()).matrix().colwise().sum();
  grad.beta.row(0) += d_y.colwise().sum();
  Tensor<Scalar> d_x(d_y.rows(), d_y.cols());
  for (Eigen::Index t = 0; t < d_y.rows(); ++t) {
    const Eigen::Array<Scalar, 1, Eigen::Dynamic> d_x_hat = d_y.row(t).array() * p.gamma.row(0).array();
    const Scalar mean_d_x_hat = d_x_hat.mean();
    const Scalar mean_d_x_hat_x_hat = (d_x_hat * cache.x_hat.row(t).array()).mean();
    // μ and σ depend on every entry of the row, hence the two mean terms.
    d_x.row(t) = ((d_x_hat - mean_d_x_hat - cache.x_hat.row(t).array() * mean_d_x_hat_x_hat) * cache.inv_std(t, 0))
                     .matrix();
  }
  return d_x;
}

template Tensor<float> layer_norm_forward(const Tensor<float>&, const LayerNormParameters<float>&, float,
                                          LayerNormCache<float>&);
template Tensor<double> layer_norm_forward(const Tensor<double>&, const LayerNormParameters<double>&, double,
                                           LayerNormCache<double>&);
template Tensor<float> layer_norm_backward(const Tensor<float>&, const LayerNormParameters<float>&,
                                           const LayerNormCache<float>&, LayerNormParameters<float>&);
template Tensor<double> layer_norm_backward(const Tensor<double>&, const LayerNormParameters<double>&,
                                            const LayerNormCache<double>&, LayerNormParameters<double>&);

}  // namespace core
