#include "training/training_dropout.h"

#include <stdexcept>

namespace core {

template <typename Scalar>
Tensor<Scalar> dropout_forward(const Tensor<Scalar>& x, const DropoutSettings& settings, DropoutCache<Scalar>& cache) {
  if (settings.rate <= 0.0) {
    cache.mask.resize(0, 0);
    return x;
  }
  if (settings.generator == nullptr) throw std::invalid_argument("dropout needs a random generator");
  std::bernoulli_distribution keep(1.0 - settings.rate);
  const Scalar kept_scale = static_cast<Scalar>(1.0 / (1.0 - settings.rate));
  cache.mask.resize(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.size(); ++i) cache.mask.data()[i] = keep(*settings.generator) ? kept_scale : Scalar(0);
  return x.cwiseProduct(cache.mask);
}

template <typename Scalar>
Tensor<Scalar> dropout_backward(const Tensor<Scalar>& d_y, const DropoutCache<Scalar>& cache) {
  if (cache.mask.size() == 0) return d_y;
  return d_y.cwiseProduct(cache.mask);
}

template Tensor<float> dropout_forward(const Tensor<float>&, const DropoutSettings&, DropoutCache<float>&);
template Tensor<double> dropout_forward(const Tensor<double>&, const DropoutSettings&, DropoutCache<double>&);
template Tensor<float> dropout_backward(const Tensor<float>&, const DropoutCache<float>&);
template Tensor<double> dropout_backward(const Tensor<double>&, const DropoutCache<double>&);

}  // namespace core
