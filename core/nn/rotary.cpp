#include "nn/rotary.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace core {

RotaryFrequencies rotary_frequencies(const RotarySpec& spec, int length) {
  const int pairs = spec.rotary_dim / 2;
  const float dim = static_cast<float>(spec.rotary_dim);
  const RopeScaling& scaling = spec.scaling;
  float theta = spec.theta;
  // dynamic (NTK): past max_positions, θ' = θ · (factor · T / max − (factor − 1))^(dim / (dim − 2))
  if (scaling.type == RopeScalingType::Dynamic && length > scaling.max_positions) {
    const double growth = scaling.factor * static_cast<double>(length) / scaling.max_positions - (scaling.factor - 1.0);
    theta = static_cast<float>(theta * std::pow(growth, dim / (dim - 2.0)));
  }
  RotaryFrequencies result;
  result.omega.resize(pairs);
  // ω_i = θ^(−2i/dim), in float32 as HF computes it (its cos/sin stay float32 in every precision).
  for (int i = 0; i < pairs; ++i) result.omega[i] = 1.0f / std::pow(theta, static_cast<float>(2 * i) / dim);

  switch (scaling.type) {
    case RopeScalingType::None:
    case RopeScalingType::Dynamic:
      break;
    case RopeScalingType::Linear:
      // positions divided by the factor, i.e. every ω_i / factor
      for (float& omega : result.omega) omega /= scaling.factor;
      break;
    case RopeScalingType::Llama3: {
      // Long wavelengths (low frequencies) are divided by the factor, short ones kept, and the band
      // between interpolated smoothly (HF _compute_llama3_parameters).
      const float original = static_cast<float>(scaling.original_max_positions);
      const float low_wavelen = original / scaling.low_freq_factor;
      const float high_wavelen = original / scaling.high_freq_factor;
      for (float& omega : result.omega) {
        const float wavelen = 2.0f * std::numbers::pi_v<float> / omega;
        if (wavelen < high_wavelen) continue;
        if (wavelen > low_wavelen) {
          omega /= scaling.factor;
          continue;
        }
        const float smooth = (original / wavelen - scaling.low_freq_factor) /
                             (scaling.high_freq_factor - scaling.low_freq_factor);
        omega = (1.0f - smooth) * omega / scaling.factor + smooth * omega;
      }
      break;
    }
    case RopeScalingType::Yarn: {
      // Dims that rotate fewer than beta_slow times over max_positions are interpolated (ω / factor),
      // those rotating more than beta_fast times extrapolated (ω kept), a linear ramp between.
      const double base = spec.theta;
      const auto correction_dim = [&](double rotations) {
        return dim * std::log(scaling.max_positions / (rotations * 2.0 * std::numbers::pi)) / (2.0 * std::log(base));
      };
      double low = std::max(0.0, std::floor(correction_dim(scaling.beta_fast)));
      double high = std::min(static_cast<double>(spec.rotary_dim - 1), std::ceil(correction_dim(scaling.beta_slow)));
      if (low == high) high += 0.001;  // as HF: avoids dividing by zero
      for (int i = 0; i < pairs; ++i) {
        const float ramp = static_cast<float>(std::clamp((i - low) / (high - low), 0.0, 1.0));
        const float extrapolation = 1.0f - ramp;
        const float omega = result.omega[i];
        result.omega[i] = omega / scaling.factor * (1.0f - extrapolation) + omega * extrapolation;
      }
      result.attention_factor = scaling.attention_factor;
      break;
    }
  }
  // per-pair factors (GGUF rope_freqs): ω_i / f_i, as llama.cpp's rope divides θ_i by them
  if (spec.frequency_factors.size() == result.omega.size()) {
    for (int i = 0; i < pairs; ++i) result.omega[i] /= spec.frequency_factors[static_cast<std::size_t>(i)];
  }
  return result;
}

RotaryTable rotary_table(const RotarySpec& spec, int first_position, int rows, int length,
                         std::span<const int> pairs_off) {
  RotaryFrequencies frequencies = rotary_frequencies(spec, length);
  // a masked pair: ω_i = 0, so cos(p ω_i) = 1 and sin(p ω_i) = 0 at every p (no rotation)
  for (const int i : pairs_off) {
    if (i >= 0 && i < static_cast<int>(frequencies.omega.size())) frequencies.omega[i] = 0.0f;
  }
  const int pairs = static_cast<int>(frequencies.omega.size());
  RotaryTable table{RowMatrix(rows, pairs), RowMatrix(rows, pairs)};
  for (int t = 0; t < rows; ++t) {
    const float p = static_cast<float>(first_position + t);
    for (int i = 0; i < pairs; ++i) {
      // angle p · ω_i in float32, as HF's inv_freq @ position_ids
      const float angle = p * frequencies.omega[i];
      table.cos(t, i) = std::cos(angle) * frequencies.attention_factor;
      table.sin(t, i) = std::sin(angle) * frequencies.attention_factor;
    }
  }
  return table;
}

void apply_rotary(Eigen::Ref<RowMatrix> x, int heads, int head_dim, const RotaryTable& table) {
  const Eigen::Index half = table.cos.cols();
  for (Eigen::Index t = 0; t < x.rows(); ++t) {
    const auto cos = table.cos.row(t).array();
    const auto sin = table.sin.row(t).array();
    for (int h = 0; h < heads; ++h) {
      auto first = x.row(t).segment(h * head_dim, half).array();
      auto second = x.row(t).segment(h * head_dim + half, half).array();
      // (a, b) → (a cos − b sin, b cos + a sin)
      const Eigen::Array<float, 1, Eigen::Dynamic> a = first;
      first = a * cos - second * sin;
      second = second * cos + a * sin;
    }
  }
}

}  // namespace core
