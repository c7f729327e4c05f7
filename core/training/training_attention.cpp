#include "training/training_attention.h"

#include <cmath>

#include "training/training_softmax.h"

namespace core {

template <typename Scalar>
Tensor<Scalar> attention_forward(const Tensor<Scalar>& x_q, const Tensor<Scalar>& x_kv, const Segments& query_segments,
                                 const Segments& key_segments, const AttentionParameters<Scalar>& p, int heads,
                                 bool causal, AttentionCache<Scalar>& cache) {
  cache.x_q = x_q;
  cache.x_kv = x_kv;
  cache.q = linear_forward(x_q, p.w_q);
  cache.k = linear_forward(x_kv, p.w_k);
  cache.v = linear_forward(x_kv, p.w_v);
  const Eigen::Index d_k = cache.q.cols() / heads;
  const Scalar scale = Scalar(1) / std::sqrt(static_cast<Scalar>(d_k));
  cache.heads_concatenated.resize(x_q.rows(), cache.q.cols());
  cache.alpha_hat.resize(query_segments.size() * heads);

  for (std::size_t s = 0; s < query_segments.size(); ++s) {
    const Segment sq = query_segments[s];
    const Segment sk = key_segments[s];
    for (int h = 0; h < heads; ++h) {
      // α_{i,j} = q^i · k^j / sqrt(d_k)
      Tensor<Scalar> alpha(sq.length, sk.length);
      alpha.noalias() = cache.q.block(sq.start, h * d_k, sq.length, d_k) *
                        cache.k.block(sk.start, h * d_k, sk.length, d_k).transpose();
      alpha *= scale;
      Tensor<Scalar>& alpha_hat = cache.alpha_hat[s * heads + h];
      alpha_hat = masked_softmax_forward(alpha, causal);
      // b^{i,h} = Σ_j α̂_{i,j} v^{j,h}
      cache.heads_concatenated.block(sq.start, h * d_k, sq.length, d_k).noalias() =
          alpha_hat * cache.v.block(sk.start, h * d_k, sk.length, d_k);
    }
  }
  // out = [b^1 … b^H] W^Oᵀ + b^O
  return linear_forward(cache.heads_concatenated, p.w_o);
}

template <typename Scalar>
AttentionInputGradients<Scalar> attention_backward(const Tensor<Scalar>& d_out, const Segments& query_segments,
                                                   const Segments& key_segments, const AttentionParameters<Scalar>& p,
                                                   int heads, const AttentionCache<Scalar>& cache,
                                                   AttentionParameters<Scalar>& grad) {
  const Tensor<Scalar> d_heads = linear_backward(cache.heads_concatenated, d_out, p.w_o, grad.w_o);
  const Eigen::Index d_k = cache.q.cols() / heads;
  const Scalar scale = Scalar(1) / std::sqrt(static_cast<Scalar>(d_k));
  Tensor<Scalar> d_q = Tensor<Scalar>::Zero(cache.q.rows(), cache.q.cols());
  Tensor<Scalar> d_k_all = Tensor<Scalar>::Zero(cache.k.rows(), cache.k.cols());
  Tensor<Scalar> d_v = Tensor<Scalar>::Zero(cache.v.rows(), cache.v.cols());

  for (std::size_t s = 0; s < query_segments.size(); ++s) {
    const Segment sq = query_segments[s];
    const Segment sk = key_segments[s];
    for (int h = 0; h < heads; ++h) {
      const Tensor<Scalar>& alpha_hat = cache.alpha_hat[s * heads + h];
      const auto d_b = d_heads.block(sq.start, h * d_k, sq.length, d_k);
      // ∂L/∂α̂ = ∂L/∂b v_hᵀ and ∂L/∂v_h = α̂ᵀ ∂L/∂b, since b = α̂ v_h
      Tensor<Scalar> d_alpha_hat(sq.length, sk.length);
      d_alpha_hat.noalias() = d_b * cache.v.block(sk.start, h * d_k, sk.length, d_k).transpose();
      d_v.block(sk.start, h * d_k, sk.length, d_k).noalias() += alpha_hat.transpose() * d_b;
      // through the softmax, then the 1/sqrt(d_k) scale
      const Tensor<Scalar> d_alpha = masked_softmax_backward(alpha_hat, d_alpha_hat) * scale;
      // α = q_h k_hᵀ: ∂L/∂q_h = ∂L/∂α k_h, ∂L/∂k_h = ∂L/∂αᵀ q_h
      d_q.block(sq.start, h * d_k, sq.length, d_k).noalias() +=
          d_alpha * cache.k.block(sk.start, h * d_k, sk.length, d_k);
      d_k_all.block(sk.start, h * d_k, sk.length, d_k).noalias() +=
          d_alpha.transpose() * cache.q.block(sq.start, h * d_k, sq.length, d_k);
    }
  }
  AttentionInputGradients<Scalar> result;
  result.d_x_q = linear_backward(cache.x_q, d_q, p.w_q, grad.w_q);
  result.d_x_kv = linear_backward(cache.x_kv, d_k_all, p.w_k, grad.w_k);
  result.d_x_kv += linear_backward(cache.x_kv, d_v, p.w_v, grad.w_v);
  return result;
}

template Tensor<float> attention_forward(const Tensor<float>&, const Tensor<float>&, const Segments&, const Segments&,
                                         const AttentionParameters<float>&, int, bool, AttentionCache<float>&);
template Tensor<double> attention_forward(const Tensor<double>&, const Tensor<double>&, const Segments&,
                                          const Segments&, const AttentionParameters<double>&, int, bool,
                                          AttentionCache<double>&);
template AttentionInputGradients<float> attention_backward(const Tensor<float>&, const Segments&, const Segments&,
                                                           const AttentionParameters<float>&, int,
                                                           const AttentionCache<float>&, AttentionParameters<float>&);
template AttentionInputGradients<double> attention_backward(const Tensor<double>&, const Segments&, const Segments&,
                                                            const AttentionParameters<double>&, int,
                                                            const AttentionCache<double>&,
                                                            AttentionParameters<double>&);

}  // namespace core
