#include "nn/feed_forward.h"

#include <algorithm>

#include "tensor/gemm.h"
#include "tensor/kernels.h"
#include "tensor/memory_reuse.h"
#include "tensor/thread_pool.h"

namespace core {

std::pair<Eigen::Index, Eigen::Index> column_share(Eigen::Index n, int part, int parts) {
  const Eigen::Index unit = n >= 16 * parts ? 16 : 1;
  const Eigen::Index units = (n + unit - 1) / unit;
  const Eigen::Index begin = std::min(n, units * part / parts * unit);
  const Eigen::Index end = std::min(n, units * (part + 1) / parts * unit);
  return {begin, end};
}

void linear_columns(const Eigen::Ref<const RowMatrix>& x, const LinearWeights& weights, Eigen::Index begin,
                    Eigen::Index end, Eigen::Ref<RowMatrix> y) {
  if (end <= begin) return;
  // y[:, begin:end] = x W[begin:end, :]ᵀ, reading W's rows in place (no transposed copy).
  gemm_nt(x.rows(), x.data(), x.outerStride(), weights.weight.middle_rows(begin, end - begin), y.data() + begin,
          y.outerStride());
  if (!weights.bias.empty()) y.middleCols(begin, end - begin).rowwise() += weights.bias.view().segment(begin, end - begin);
}

RowMatrix linear(const Eigen::Ref<const RowMatrix>& x, const LinearWeights& weights) {
  RowMatrix y = large_matrix(x.rows(), weights.weight.rows);
  const int parts = parts_for(static_cast<double>(y.size()) * static_cast<double>(x.cols()));
  parallel_for(parts, [&](int part) {
    const auto [begin, end] = column_share(y.cols(), part, parts);
    linear_columns(x, weights, begin, end, y);
  });
  return y;
}

void activate(Eigen::Ref<RowMatrix> x, Activation activation) {
  auto a = x.array();
  switch (activation) {
    case Activation::Relu:
      a = a.max(0.0f);
      break;
    case Activation::GeluErf: {
      // GELU(x) = x Φ(x) = x · ½ (1 + erf(x / √2)), a row at a time by the active kernel set
      const GeluErfRow gelu = active_kernels().gelu_erf_row;
      for (Eigen::Index r = 0; r < x.rows(); ++r) gelu(x.row(r).data(), x.cols());
      break;
    }
    case Activation::GeluTanh: {
      // The approximation GPT-2 uses: ½ x (1 + tanh(√(2/π) (x + 0.044715 x³))).
      const float sqrt_2_over_pi = 0.7978845608028654f;
      a = 0.5f * a * (1.0f + (sqrt_2_over_pi * (a + 0.044715f * a.cube())).tanh());
      break;
    }
    case Activation::Silu:
      a = a / (1.0f + (-a).exp());
      break;
    case Activation::Tanh:
      a = a.tanh();
      break;
  }
}

namespace {

constexpr Eigen::Index kRowsAtOnce = 1024;

// The feed-forward of all of x's rows at once.
RowMatrix feed_forward_rows(const Eigen::Ref<const RowMatrix>& x, const FeedForwardWeights& weights,
                            const FeedForwardSpec& spec) {
  RowMatrix hidden = large_matrix(x.rows(), weights.up.weight.rows);
  RowMatrix gate = large_matrix(spec.gated ? x.rows() : 0, spec.gated ? weights.gate.weight.rows : 0);
  const double multiply_adds = static_cast<double>(hidden.size() + gate.size()) * static_cast<double>(x.cols());
  const int parts = parts_for(multiply_adds);
  // Each thread computes and activates its own columns while they are still in cache:
  //   plain: hidden = act(x W_upᵀ + b)      gated: hidden = act(x W_gateᵀ) ⊙ (x W_upᵀ)
  parallel_for(parts, [&](int part) {
    const auto [begin, end] = column_share(hidden.cols(), part, parts);
    linear_columns(x, weights.up, begin, end, hidden);
    if (spec.gated) {
      linear_columns(x, weights.gate, begin, end, gate);
      activate(gate.middleCols(begin, end - begin), spec.activation);
      hidden.middleCols(begin, end - begin).array() *= gate.middleCols(begin, end - begin).array();
    } else {
      activate(hidden.middleCols(begin, end - begin), spec.activation);
    }
  });
  return linear(hidden, weights.down);
}

Eigen::Index block_count(Eigen::Index rows) { return (rows + kRowsAtOnce - 1) / kRowsAtOnce; }

}  // namespace

Eigen::Index feed_forward_block_rows(Eigen::Index rows) {
  if (rows <= kRowsAtOnce) return rows;
  const Eigen::Index blocks = block_count(rows);
  return (rows + blocks - 1) / blocks;
}

RowMatrix feed_forward(const Eigen::Ref<const RowMatrix>& x, const FeedForwardWeights& weights,
                       const FeedForwardSpec& spec) {
  const Eigen::Index rows = x.rows();
  if (rows <= kRowsAtOnce) return feed_forward_rows(x, weights, spec);
  RowMatrix y = large_matrix(rows, weights.down.weight.rows);
  const Eigen::Index blocks = block_count(rows);
  for (Eigen::Index b = 0; b < blocks; ++b) {
    const Eigen::Index begin = rows * b / blocks;
    const Eigen::Index end = rows * (b + 1) / blocks;
    y.middleRows(begin, end - begin) = feed_forward_rows(x.middleRows(begin, end - begin), weights, spec);
  }
  return y;
}

}  // namespace core
