#include "classroom/attention_sandbox.h"

#include <cmath>
#include <limits>

#include "nn/attention.h"
#include "tensor/errors.h"

namespace core {

SandboxResult run_sandbox(const SandboxInput& input) {
  // !(t > 0) also rejects NaN, which a spin box can never give but a session file might.
  if (!(input.temperature > 0.0f)) throw InputError("the temperature must be greater than 0");
  if (input.q.rows() != input.k.rows() || input.k.rows() != input.v.rows()) {
    throw InputError("q, k and v need one row per token");
  }
  if (input.q.cols() != input.k.cols() || input.q.cols() == 0) {
    throw InputError("q and k need the same, non-zero size to be compared");
  }
  const float sqrt_d = input.scale_by_sqrt_d ? std::sqrt(static_cast<float>(input.q.cols())) : 1.0f;

  SandboxResult result;
  // α_{i,j} = q^i · k^j / √d / τ
  result.alpha.noalias() = input.q * input.k.transpose();
  result.alpha /= sqrt_d * input.temperature;
  if (input.causal_mask) {
    for (Eigen::Index i = 0; i < result.alpha.rows(); ++i) {
      for (Eigen::Index j = i + 1; j < result.alpha.cols(); ++j) result.alpha(i, j) = -std::numeric_limits<float>::infinity();
    }
  }
  // α̂ = softmax(α) per row
  result.alpha_hat = result.alpha;
  softmax_rows(result.alpha_hat);
  // b^i = Σ_j α̂_{i,j} v^j
  result.b.noalias() = result.alpha_hat * input.v;
  return result;
}

}  // namespace core
