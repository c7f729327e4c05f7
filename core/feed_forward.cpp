#include "feed_forward.h"

#include <unsupported/Eigen/SpecialFunctions>

namespace core {

RowMatrix linear(const Eigen::Ref<const RowMatrix>& x, const LinearWeights& weights) {
  RowMatrix y(x.rows(), weights.weight.rows);
  // noalias: without it Eigen evaluates the product into a hidden temporary first.
  y.noalias() = x * weights.weight.view().transpose();
  if (!weights.bias.empty()) y.rowwise() += weights.bias.view();
  return y;
}

void activate(RowMatrix& x, Activation activation) {
  auto a = x.array();
  switch (activation) {
    case Activation::Relu:
      a = a.max(0.0f);
      break;
    case Activation::GeluErf:
      // GELU(x) = x Φ(x) = x · ½ (1 + erf(x / √2)); Eigen's erf is vectorised.
      a = 0.5f * a * (1.0f + (a * static_cast<float>(M_SQRT1_2)).erf());
      break;
    case Activation::GeluTanh: {
      // The approximation GPT-2 uses: ½ x (1 + tanh(√(2/π) (x + 0.044715 x³))).
      const float sqrt_2_over_pi = 0.7978845608028654f;
      a = 0.5f * a * (1.0f + (sqrt_2_over_pi * (a + 0.044715f * a.cube())).tanh());
      break;
    }
    case Activation::Silu:
      a = a / (1.0f + (-a).exp());
      break;
  }
}

RowMatrix feed_forward(const Eigen::Ref<const RowMatrix>& x, const FeedForwardWeights& weights,
                       Activation activation) {
  RowMatrix hidden = linear(x, weights.fc1);
  activate(hidden, activation);
  return linear(hidden, weights.fc2);
}

}  // namespace core
