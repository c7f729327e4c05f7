#include "training/training_adam.h"

#include <algorithm>
#include <cmath>

namespace core {

double warmup_learning_rate(int step, int d_model, const AdamSettings& settings) {
  const double t = std::max(step, 1);
  const double warmup = std::max(settings.warmup_steps, 1);
  return settings.learning_rate_scale / std::sqrt(static_cast<double>(d_model)) *
         std::min(1.0 / std::sqrt(t), t * std::pow(warmup, -1.5));
}

double clip_gradient_norm(TransformerParameters<float>& grad, double max_norm) {
  double squared = 0.0;
  for_each_tensor([&](const std::string&, const Tensor<float>& g) { squared += g.cast<double>().squaredNorm(); }, grad);
  const double norm = std::sqrt(squared);
  if (max_norm > 0.0 && norm > max_norm) {
    const float factor = static_cast<float>(max_norm / norm);
    for_each_tensor([&](const std::string&, Tensor<float>& g) { g *= factor; }, grad);
  }
  return norm;
}

Adam::Adam(const TransformerParameters<float>& parameters, AdamSettings settings)
    : settings_(settings), m_(zeros_like(parameters)), v_(zeros_like(parameters)) {}

double Adam::update(TransformerParameters<float>& parameters, TransformerParameters<float>& grad, int d_model) {
  ++step_;
  const double lr = warmup_learning_rate(step_, d_model, settings_);
  const float beta1 = static_cast<float>(settings_.beta1);
  const float beta2 = static_cast<float>(settings_.beta2);
  // Bias correction folded into the step size: lr · sqrt(1 − β2^t) / (1 − β1^t).
  const double correction1 = 1.0 - std::pow(settings_.beta1, step_);
  const double correction2 = 1.0 - std::pow(settings_.beta2, step_);
  const float step_size = static_cast<float>(lr / correction1);
  const float epsilon = static_cast<float>(settings_.epsilon);
  const float sqrt_correction2 = static_cast<float>(std::sqrt(correction2));
  for_each_tensor(
      [&](const std::string&, Tensor<float>& theta, const Tensor<float>& g, Tensor<float>& m, Tensor<float>& v) {
        m = beta1 * m + (1.0f - beta1) * g;
        v = beta2 * v + (1.0f - beta2) * g.cwiseAbs2();
        theta.array() -= step_size * m.array() / (v.array().sqrt() / sqrt_correction2 + epsilon);
      },
      parameters, grad, m_, v_);
  return lr;
}

}  // namespace core
