#include "nn/attention.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "nn/attention_rows.h"
#include "nn/feed_forward.h"
#include "nn/position_bias.h"
#include "nn/rotary.h"
#include "tensor/gemm.h"
#include "tensor/memory_reuse.h"
#include "tensor/thread_pool.h"

namespace core {

void softmax_rows(RowMatrix& scores) {
  const KernelSet& kernels = active_kernels();
  for (Eigen::Index i = 0; i < scores.rows(); ++i) kernels.softmax_row(scores.row(i).data(), scores.cols());
}

const char* to_string(AttentionKind kind) {
  switch (kind) {
    case AttentionKind::EncoderSelf: return "encoder_self";
    case AttentionKind::DecoderSelf: return "decoder_self";
    case AttentionKind::DecoderCross: return "decoder_cross";
  }
  return "?";
}

void apply_mask(RowMatrix& scores, const AttentionSpec& spec, int first_query) {
  constexpr float minus_infinity = -std::numeric_limits<float>::infinity();
  const Eigen::Index keys = scores.cols();
  for (Eigen::Index row = 0; row < scores.rows(); ++row) {
    const Eigen::Index i = first_query + row;
    // causal: keys j > i are in the future
    if (spec.mask == MaskKind::Causal && i + 1 < keys) scores.row(row).tail(keys - i - 1).setConstant(minus_infinity);
    // sliding window W: only keys i − W < j ≤ i (Mistral's and Gemma 2's eager masks)
    if (spec.window > 0 && i - spec.window >= 0) {
      scores.row(row).head(std::min(keys, i - spec.window + 1)).setConstant(minus_infinity);
    }
  }
}

namespace {

// Q, K and V of all heads, each thread computing its share of the columns of all three in one
// hand-off. Under grouped-query attention K and V are narrower than Q; each is split by its own width.
void project_qkv(const Eigen::Ref<const RowMatrix>& x_q, const Eigen::Ref<const RowMatrix>& x_kv,
                 const AttentionWeights& weights, RowMatrix& q, RowMatrix& k, RowMatrix& v) {
  q = large_matrix(x_q.rows(), weights.w_q.weight.rows);
  k = large_matrix(x_kv.rows(), weights.w_k.weight.rows);
  v = large_matrix(x_kv.rows(), weights.w_v.weight.rows);
  const double d_in = static_cast<double>(x_q.cols());
  const int parts = parts_for(static_cast<double>(q.size() + k.size() + v.size()) * d_in);
  parallel_for(parts, [&](int part) {
    const auto [q_begin, q_end] = column_share(q.cols(), part, parts);
    linear_columns(x_q, weights.w_q, q_begin, q_end, q);
    const auto [kv_begin, kv_end] = column_share(k.cols(), part, parts);
    linear_columns(x_kv, weights.w_k, kv_begin, kv_end, k);
    linear_columns(x_kv, weights.w_v, kv_begin, kv_end, v);
  });
}

// Appends rows to the first `length` rows of store, growing its capacity geometrically so that
// T steps copy O(T) rows in all.
void append_rows(RowMatrix& store, Eigen::Index length, const RowMatrix& rows) {
  if (length + rows.rows() > store.rows()) {
    RowMatrix grown(std::max<Eigen::Index>(2 * store.rows(), length + rows.rows()), rows.cols());
    // (an empty store has no columns yet: nothing to copy)
    if (length > 0) grown.topRows(length) = store.topRows(length);
    store.swap(grown);
  }
  store.middleRows(length, rows.rows()) = rows;
}

// b^{i,h} = Σ_j α̂_{i,j} v^{j,g} for every query of head h without keeping its α̂: 64 query rows at
// a time (query_blocks), each over only the keys those rows may see (keys_seen), so under the causal
// mask about half of α's products and exps are skipped. The blocks go through the same kernels as a
// whole-matrix pass with the same row counts, and the keys left out hold α̂ = 0 (adding nothing):
// the output and the α̂ that head_attention recomputes are the whole-matrix pass's, bit for bit.
void attend_in_blocks(const Eigen::Ref<const RowMatrix>& q, const Eigen::Map<const RowMatrix>& keys,
                      const Eigen::Map<const RowMatrix>& values, const AttentionSpec& spec,
                      const WeightMatrix& relative_table, bool position_bias, int first_query, int h, float slope,
                      RowMatrix& heads_concatenated) {
  const Eigen::Index d_k = spec.head_dim;
  const Eigen::Index g = spec.kv_head_of(h);
  // (v^g)ᵀ: (d_k, T_k), so the product below reads α̂ and v both along j
  const RowMatrix v_transposed = values.middleCols(g * d_k, d_k).transpose();
  const std::vector<Eigen::Index> bounds = query_blocks(q.rows());
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    const Eigen::Index begin = bounds[b];
    const Eigen::Index rows = bounds[b + 1] - begin;
    const Eigen::Index seen = keys_seen(spec, first_query, keys.rows(), bounds[b + 1]);
    // α for these rows, then α̂ = softmax(α) per row
    RowMatrix alpha = head_scores(q.middleRows(begin, rows), keys.topRows(seen), spec, relative_table, position_bias,
                                  first_query + static_cast<int>(begin), h, slope);
    softmax_rows(alpha);
    // b^{i,h} = α̂_i (v^g)ᵀᵀ over the keys seen
    gemm_nt(rows, d_k, seen, alpha.data(), alpha.cols(), v_transposed.data(), v_transposed.cols(),
            heads_concatenated.data() + begin * heads_concatenated.cols() + h * d_k, heads_concatenated.cols());
  }
}

}  // namespace

AttentionResult multi_head_attention(const Eigen::Ref<const RowMatrix>& x_q, const Eigen::Ref<const RowMatrix>& x_kv,
                                     const AttentionWeights& weights, const AttentionSpec& spec,
                                     const AttentionCall& call) {
  const int heads = spec.heads;
  const Eigen::Index d_k = spec.head_dim;
  RowMatrix q;
  RowMatrix k;
  RowMatrix v;
  KeyValueCache* cache = call.cache;
  // cross-attention with a filled cache: the memory's keys and values are already there
  const bool reuse_cache = cache != nullptr && call.kind == AttentionKind::DecoderCross && cache->length > 0;
  if (reuse_cache) q = linear(x_q, weights.w_q);
  else project_qkv(x_q, x_kv, weights, q, k, v);
  Recorder* recorder = call.recorder;
  const bool record = recorder != nullptr && recorder->wants(call.kind, call.layer);
  if (record) {
    recorder->record(call.kind, call.layer, "attn_in_q", x_q);
    recorder->record(call.kind, call.layer, "attn_in_kv", x_kv);
    recorder->record(call.kind, call.layer, "q", q);
    recorder->record(call.kind, call.layer, "k", k);
    recorder->record(call.kind, call.layer, "v", v);
  }
  const bool rotary = spec.positions == ScorePositions::Rotary && call.positional_encoding && !reuse_cache;
  if (rotary) {
    // q^i and k^j rotated by their positions; the keys of self-attention start where the queries do
    // when the whole sequence is computed at once.
    const int keys_first = call.first_query_position + static_cast<int>(x_q.rows()) - static_cast<int>(x_kv.rows());
    const int length = call.first_query_position + static_cast<int>(x_q.rows());
    apply_rotary(q, heads, static_cast<int>(d_k),
                 rotary_table(spec.rotary, call.first_query_position, static_cast<int>(q.rows()), length,
                              call.rotary_pairs_off));
    apply_rotary(k, spec.kv_heads, static_cast<int>(d_k),
                 rotary_table(spec.rotary, keys_first, static_cast<int>(k.rows()), length, call.rotary_pairs_off));
    if (record) {
      recorder->record(call.kind, call.layer, "q_rotated", q);
      recorder->record(call.kind, call.layer, "k_rotated", k);
    }
  }
  if (cache != nullptr && !reuse_cache) {
    append_rows(cache->k, cache->length, k);
    append_rows(cache->v, cache->length, v);
    cache->length += k.rows();
  }
  // the keys and values attended over: this call's, or every cached one
  // (a cache's first `length` rows are contiguous in its row-major storage)
  const RowMatrix& key_store = cache != nullptr ? cache->k : k;
  const RowMatrix& value_store = cache != nullptr ? cache->v : v;
  const Eigen::Index attended = cache != nullptr ? cache->length : k.rows();
  const Eigen::Map<const RowMatrix> keys(key_store.data(), attended, key_store.cols());
  const Eigen::Map<const RowMatrix> values(value_store.data(), attended, value_store.cols());
  const bool position_bias = call.positional_encoding && (spec.positions == ScorePositions::RelativeBias ||
                                                          spec.positions == ScorePositions::Alibi);
  const std::vector<float> slopes = spec.positions == ScorePositions::Alibi ? alibi_slopes(heads) : std::vector<float>{};

  AttentionResult result;
  // an on-demand trace drops each head's α̂ once b^{i,h} is computed, unless the layer is recorded
  // with its per-head matrices
  const bool record_heads = record && recorder->keeps_heads();
  const bool return_alpha_hat = !call.keep_score_inputs || record_heads;
  result.alpha_hat.resize(heads);
  RowMatrix heads_concatenated = large_matrix(x_q.rows(), q.cols());
  std::vector<RowMatrix> scores(record_heads ? heads : 0);

  // Heads are independent: each thread takes a contiguous run of them. Per head α = Q Kᵀ and
  // b = α̂ V cost 2 T_q T_k d_k multiply-adds, so all heads together 2 T_q T_k heads · d_k.
  const int parts = parts_for(2.0 * static_cast<double>(q.rows() * keys.rows() * q.cols()));
  parallel_for(parts, [&](int part) {
    for (int h = heads * part / parts; h < heads * (part + 1) / parts; ++h) {
      const Eigen::Index g = spec.kv_head_of(h);  // the key/value head this query head reads
      if (!return_alpha_hat) {
        // on demand: α̂ is not kept, so it is computed a block of query rows at a time
        attend_in_blocks(q, keys, values, spec, weights.relative_bias, position_bias, call.first_query_position, h,
                         slopes.empty() ? 0.0f : slopes[h], heads_concatenated);
        continue;
      }
      // α = q·kᵀ · scale, soft-capped, position term added, masked (nn/attention_scores.h)
      RowMatrix alpha = head_scores(q, keys, spec, weights.relative_bias, position_bias, call.first_query_position,
                                    h, slopes.empty() ? 0.0f : slopes[h]);
      if (record_heads) scores[h] = alpha;
      // α̂ = softmax(α) per query row
      softmax_rows(alpha);
      // b^{i,h} = Σ_j α̂_{i,j} v^{j,g}, as α̂ (v^g)ᵀᵀ so the kernel reads both along j
      const RowMatrix v_transposed = values.middleCols(g * d_k, d_k).transpose();
      gemm_nt(alpha.rows(), d_k, alpha.cols(), alpha.data(), alpha.cols(), v_transposed.data(), v_transposed.cols(),
              heads_concatenated.data() + h * d_k, heads_concatenated.cols());
      if (return_alpha_hat) result.alpha_hat[h] = std::move(alpha);
    }
  });
  // ablation: a switched-off head contributes nothing to W^O
  for (const int h : call.zeroed_heads) {
    if (h >= 0 && h < heads) heads_concatenated.middleCols(h * d_k, d_k).setZero();
  }
  // b^i = W^O [b^{i,1}; …; b^{i,H}]
  result.output = linear(heads_concatenated, weights.w_o);

  if (record) {
    recorder->record_heads(call.kind, call.layer, "scores", std::move(scores));
    recorder->record_heads(call.kind, call.layer, "alpha_hat", result.alpha_hat);
    recorder->record(call.kind, call.layer, "attn_heads", std::move(heads_concatenated));
    recorder->record(call.kind, call.layer, "attn_out", result.output);
  }
  if (call.keep_score_inputs) {
    result.alpha_hat.clear();
    result.score_inputs.spec = spec;
    if (position_bias && spec.positions == ScorePositions::RelativeBias && !weights.relative_bias.empty()) {
      result.score_inputs.relative_bias_table = weights.relative_bias.to_f32();
    }
    result.score_inputs.position_bias = position_bias;
    result.score_inputs.first_query_position = call.first_query_position;
    result.score_inputs.q = std::move(q);
    result.score_inputs.k = std::move(k);
  }
  return result;
}

}  // namespace core
