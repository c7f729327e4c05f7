#include "model/memory_estimate.h"

#include <algorithm>
#include <string>

#include "io/ggml_types.h"
#include "model/memory_budget.h"
#include "nn/feed_forward.h"

namespace core {

namespace {

constexpr std::size_t float_bytes = sizeof(float);

bool recorded(const ForwardOptions& options, AttentionKind kind, int layer) {
  if (options.record_all) return true;
  return std::any_of(options.record.begin(), options.record.end(),
                     [&](const LayerRef& ref) { return ref.kind == kind && ref.layer == layer; });
}

// Floats of one attention layer's α̂ for every head: H · T_q · T_k.
std::size_t alpha_floats(const AttentionSpec& a, std::size_t queries, std::size_t keys) {
  return static_cast<std::size_t>(a.heads) * queries * keys;
}

std::size_t kv_width(const AttentionSpec& a) {
  return static_cast<std::size_t>(a.kv_heads > 0 ? a.kv_heads : a.heads) * static_cast<std::size_t>(a.head_dim);
}

std::size_t q_width(const AttentionSpec& a) { return static_cast<std::size_t>(a.heads * a.head_dim); }

// What multi_head_attention holds while it runs (nn/attention.cpp), in floats:
//   x_q, x_kv normed: T_q·d + T_k·d;  Q: T_q·H·d_h;  K, V: 2·T_k·H_kv·d_h;  Vᵀ of one group: T_k·d_h;
//   α and α̂ of the head in flight: 2·T_q·T_k;  heads side by side and W^O's output: T_q·H·d_h + T_q·d
std::size_t attention_working_floats(const AttentionSpec& a, std::size_t d, std::size_t queries, std::size_t keys) {
  const std::size_t d_h = static_cast<std::size_t>(a.head_dim);
  return queries * d + keys * d + queries * q_width(a) + 2 * keys * kv_width(a) + keys * d_h + 2 * queries * keys +
         queries * q_width(a) + queries * d;
}

// The named steps one recorded attention call stores (nn/recorder.h), in floats:
//   attn_in_q, attn_out: 2·T_q·d;  attn_in_kv: T_k·d;  q, attn_heads: 2·T_q·H·d_h;  k, v: 2·T_k·H_kv·d_h;
//   q_rotated, k_rotated (rotary only): T_q·H·d_h + T_k·H_kv·d_h;  scores, alpha_hat: 2·H·T_q·T_k
std::size_t attention_record_floats(const AttentionSpec& a, std::size_t d, std::size_t queries, std::size_t keys) {
  std::size_t floats = 2 * queries * d + keys * d + 2 * queries * q_width(a) + 2 * keys * kv_width(a) +
                       2 * alpha_floats(a, queries, keys);
  if (a.positions == ScorePositions::Rotary) floats += queries * q_width(a) + keys * kv_width(a);
  return floats;
}

// One stack's share of the estimate: T rows through its blocks, cross-attending to S memory rows
// (S = 0 for a stack without cross-attention).
void add_stack(MemoryEstimate& estimate, const StackSpec& stack, AttentionKind kind, std::size_t d, std::size_t rows,
               std::size_t memory_rows, const ForwardOptions& options) {
  std::size_t largest_block = 0;
  for (int l = 0; l < stack.layers(); ++l) {
    const BlockSpec& block = stack.blocks[static_cast<std::size_t>(l)];
    const bool cross = block.cross_attention && memory_rows > 0;
    // trace, dense: H · T · T per self-attention layer, H · T · S per cross-attention layer;
    // on demand: Q (T · H · d_h) and K (T · H_kv · d_h), K over S rows for cross-attention
    std::size_t trace = estimate.dense_attention ? alpha_floats(block.self_attention, rows, rows)
                                                 : rows * (q_width(block.self_attention) + kv_width(block.self_attention));
    if (cross) {
      trace += estimate.dense_attention ? alpha_floats(block.cross, rows, memory_rows)
                                        : rows * q_width(block.cross) + memory_rows * kv_width(block.cross);
    }
    estimate.trace += trace * float_bytes;

    // working set of the block: the residual stream in and out (2·T·d), the attention call(s),
    // the feed-forward's norm input and hidden layer (T·d + B·d_ff for a block of B rows, gated:
    // act(x W_gate), x W_up and their product, 3·B·d_ff) and its output (T·d)
    const std::size_t d_ff = static_cast<std::size_t>(block.feed_forward.d_ff);
    const auto ffn_rows = static_cast<std::size_t>(feed_forward_block_rows(static_cast<Eigen::Index>(rows)));
    std::size_t working = 2 * rows * d + attention_working_floats(block.self_attention, d, rows, rows) +
                          2 * rows * d + (block.feed_forward.gated ? 3 : 1) * ffn_rows * d_ff;
    if (cross) working += attention_working_floats(block.cross, d, rows, memory_rows);
    largest_block = std::max(largest_block, working);

    // recorded steps: the attention call's, plus residual_attn, residual_cross, residual_ffn,
    // ffn_in, ffn_out and block_out (6·T·d), plus the embedding (T·d) at layer 0
    if (recorded(options, kind, l)) {
      estimate.record += (attention_record_floats(block.self_attention, d, rows, rows) + 6 * rows * d +
                          (l == 0 ? rows * d : 0)) * float_bytes;
    }
    if (cross && recorded(options, AttentionKind::DecoderCross, l)) {
      estimate.record += attention_record_floats(block.cross, d, rows, memory_rows) * float_bytes;
    }
  }
  estimate.working = std::max(estimate.working, largest_block * float_bytes);
  // the embeddings (T·d) and the stack's output (T·d), which the pass keeps
  estimate.outputs += 2 * rows * d * float_bytes;
}

}  // namespace

MemoryEstimate estimate_forward_memory(const ModelSpec& spec, std::size_t source_length, std::size_t target_length,
                                       const ForwardOptions& options) {
  MemoryEstimate estimate;
  estimate.dense_attention = keeps_dense_attention(spec, source_length, target_length, options);
  const std::size_t d = static_cast<std::size_t>(spec.d_model);
  const std::size_t source = spec.has_encoder() ? source_length : 0;
  if (spec.has_encoder()) add_stack(estimate, spec.encoder, AttentionKind::EncoderSelf, d, source, 0, options);
  if (spec.has_decoder()) {
    add_stack(estimate, spec.decoder, AttentionKind::DecoderSelf, d, target_length, source, options);
  }
  // logits at the last position: V floats (the output head's hidden row is negligible)
  if (spec.has_output_head) estimate.outputs += static_cast<std::size_t>(spec.target_vocab_size) * float_bytes;
  return estimate;
}

std::size_t dense_attention_bytes(const ModelSpec& spec, std::size_t source_length, std::size_t target_length) {
  const std::size_t source = spec.has_encoder() ? source_length : 0;
  const std::size_t target = spec.has_decoder() ? target_length : 0;
  std::size_t floats = 0;
  for (const BlockSpec& block : spec.encoder.blocks) floats += alpha_floats(block.self_attention, source, source);
  for (const BlockSpec& block : spec.decoder.blocks) {
    floats += alpha_floats(block.self_attention, target, target);
    if (block.cross_attention && source > 0) floats += alpha_floats(block.cross, target, source);
  }
  return floats * float_bytes;
}

void check_memory_budget(const MemoryEstimate& estimate, std::size_t budget) {
  if (budget == 0 || estimate.total() <= budget) return;
  std::string message = "this pass needs about " + format_bytes(estimate.total()) + " (attention trace " +
                        format_bytes(estimate.trace) + (estimate.dense_attention ? "" : ", on demand");
  if (estimate.record > 0) message += ", recorded steps " + format_bytes(estimate.record);
  message += ") but the memory budget is " + format_bytes(budget) +
             "; use a shorter text, record fewer layers, or raise the memory budget" +
             std::string(estimate.dense_attention ? " (attention kept on demand needs far less)" : "");
  throw MemoryBudgetError(message);
}

GgufMemoryEstimate estimate_gguf_memory(const GgufFile& file) {
  GgufMemoryEstimate estimate;
  for (const GgufTensor& tensor : file.tensors()) {
    const auto count = static_cast<std::size_t>(tensor.element_count());
    const auto type = static_cast<GgmlType>(tensor.type);
    // 16-bit matrices stay 16-bit; everything else becomes float32
    const bool kept_as_stored = tensor.ne.size() == 2 && (type == GgmlType::F16 || type == GgmlType::BF16);
    estimate.weights += count * (kept_as_stored ? 2 : float_bytes);
    estimate.conversion = std::max(estimate.conversion, count * float_bytes);
  }
  return estimate;
}

void check_gguf_memory_budget(const GgufFile& file, const GgufMemoryEstimate& estimate, std::size_t budget) {
  if (budget == 0 || estimate.total() <= budget) return;
  throw LoadError(file.file_name() + ": opening it needs about " + format_bytes(estimate.total()) + " (weights " +
                  format_bytes(estimate.weights) +
                  " as the model keeps them: quantised ones as float32; converting the largest tensor " +
                  format_bytes(estimate.conversion) + ") but the memory budget is " + format_bytes(budget) +
                  "; open a smaller model, or raise the memory budget");
}

}  // namespace core
