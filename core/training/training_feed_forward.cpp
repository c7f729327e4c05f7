#include "training/training_feed_forward.h"

namespace core {

template <typename Scalar>
Tensor<Scalar> feed_forward_forward(const Tensor<Scalar>& x, const FeedForwardParameters<Scalar>& p,
                                    FeedForwardCache<Scalar>& cache) {
  cache.x = x;
  cache.hidden = linear_forward(x, p.fc1).cwiseMax(Scalar(0));
  return linear_forward(cache.hidden, p.fc2);
}

template <typename Scalar>
Tensor<Scalar> feed_forward_backward(const Tensor<Scalar>& d_y, const FeedForwardParameters<Scalar>& p,
                                     const FeedForwardCache<Scalar>& cache, FeedForwardParameters<Scalar>& grad) {
  Tensor<Scalar> d_hidden = linear_backward(cache.hidden, d_y, p.fc2, grad.fc2);
  // ReLU'(z) = 1 where z > 0, which is exactly where the stored output is positive.
  d_hidden = (cache.hidden.array() > Scalar(0)).select(d_hidden, Scalar(0));
  return linear_backward(cache.x, d_hidden, p.fc1, grad.fc1);
}

template Tensor<float> feed_forward_forward(const Tensor<float>&, const FeedForwardParameters<float>&,
                                            FeedForwardCache<float>&);
template Tensor<double> feed_forward_forward(const Tensor<double>&, const FeedForwardParameters<double>&,
                                             FeedForwardCache<double>&);
template Tensor<float> feed_forward_backward(const Tensor<float>&, const FeedForwardParameters<float>&,
                                             const FeedForwardCache<float>&, FeedForwardParameters<float>&);
template Tensor<double> feed_forward_backward(const Tensor<double>&, const FeedForwardParameters<double>&,
                                              const FeedForwardCache<double>&, FeedForwardParameters<double>&);

}  // namespace core
