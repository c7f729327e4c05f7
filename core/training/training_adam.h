#pragma once
// The optimiser of "Attention Is All You Need" §5.3: Adam (β1 = 0.9, β2 = 0.98, ε = 1e-9) with
// the warm-up schedule lrate = scale · d_model^−0.5 · min(step^−0.5, step · warmup^−1.5), which
// rises linearly for `warmup` steps and then decays as 1/sqrt(step). Before each update the
// gradient is clipped to a maximum global L2 norm, which keeps an early bad batch from
// throwing a post-LN Transformer off course.

#include "training/training_parameters.h"

namespace core {

struct AdamSettings {
  double beta1 = 0.9;
  double beta2 = 0.98;
  double epsilon = 1e-9;
  int warmup_steps = 4000;
  double learning_rate_scale = 1.0;  // the paper uses 1; small models like more
  double clip_norm = 1.0;            // maximum global gradient norm; 0 = no clipping
};

// step counts from 1.
double warmup_learning_rate(int step, int d_model, const AdamSettings& settings);

// Scales grad so its global L2 norm is at most max_norm (when max_norm > 0); returns the norm before.
double clip_gradient_norm(TransformerParameters<float>& grad, double max_norm);

class Adam {
 public:
  Adam(const TransformerParameters<float>& parameters, AdamSettings settings);

  // One update with the next step's learning rate; returns that learning rate.
  // θ ← θ − lr · m̂ / (sqrt(v̂) + ε),  m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)
  double update(TransformerParameters<float>& parameters, TransformerParameters<float>& grad, int d_model);
  int step() const { return step_; }

 private:
  AdamSettings settings_;
  TransformerParameters<float> m_;  // first moment: running mean of the gradient
  TransformerParameters<float> v_;  // second moment: running mean of its square
  int step_ = 0;
};

}  // namespace core
