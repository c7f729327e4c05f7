#include "training/training_loss.h"

#include <cmath>

namespace core {

template <typename Scalar>
LossResult<Scalar> cross_entropy(const Tensor<Scalar>& logits, const std::vector<int>& labels, double label_smoothing,
                                 double gradient_scale) {
  LossResult<Scalar> result;
  const Eigen::Index vocab = logits.cols();
  const double off_target = label_smoothing / static_cast<double>(vocab);
  result.d_logits = Tensor<Scalar>::Zero(logits.rows(), vocab);
  for (Eigen::Index i = 0; i < logits.rows(); ++i) {
    const int label = labels[static_cast<std::size_t>(i)];
    if (label < 0) continue;
    Eigen::Index best = 0;
    const Scalar max_logit = logits.row(i).maxCoeff(&best);
    // log p_j = z_j − max − log Σ_k exp(z_k − max): stable for any logits
    const Eigen::Array<Scalar, 1, Eigen::Dynamic> shifted = logits.row(i).array() - max_logit;
    const Scalar log_sum = std::log(shifted.exp().sum());
    const Eigen::Array<Scalar, 1, Eigen::Dynamic> log_p = shifted - log_sum;
    // −Σ_j q_j log p_j with q = (1 − ε) onehot + ε/V
    result.loss_sum -= (1.0 - label_smoothing) * static_cast<double>(log_p(label)) +
                       off_target * static_cast<double>(log_p.sum());
    ++result.scored;
    if (best == label) ++result.correct;
    // ∂/∂z = p − q
    Eigen::Array<Scalar, 1, Eigen::Dynamic> d = log_p.exp() - static_cast<Scalar>(off_target);
    d(label) -= static_cast<Scalar>(1.0 - label_smoothing);
    result.d_logits.row(i) = (d * static_cast<Scalar>(gradient_scale)).matrix();
  }
  return result;
}

template LossResult<float> cross_entropy(const Tensor<float>&, const std::vector<int>&, double, double);
template LossResult<double> cross_entropy(const Tensor<double>&, const std::vector<int>&, double, double);

}  // namespace core
