#pragma once
// The attention trace of one forward pass: every head's α̂ for every layer and kind, kept in one
// of two ways (ForwardOptions::attention chooses):
//   dense      every α̂ (T_q, T_k) stored: H·T_q·T_k floats per layer (34 GB for a 1B model at 4k tokens);
//   on demand  each layer's Q and K after rotation plus its score terms (nn/attention_scores.h):
//              (T_q·H + T_k·H_kv)·d_h floats per layer; a head's α̂ is recomputed when asked for.
// Readers that go through attention(kind, layer, head), layer_count and head_count work on both.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "nn/attention_kind.h"
#include "nn/attention_scores.h"
#include "tensor/tensor.h"

namespace core {

// α̂ of every head of one attention layer, each (T_q, T_k).
struct LayerAttention {
  std::vector<RowMatrix> heads;
};

// How a pass keeps its attention: every α̂ (dense), what recomputes it (on demand), or dense
// while every head's α̂ together fits ForwardOptions::dense_attention_limit (auto).
enum class AttentionStorage { Dense, OnDemand, Auto };
const char* to_string(AttentionStorage storage);  // "dense", "on-demand", "auto"
std::optional<AttentionStorage> parse_attention_storage(std::string_view name);

// An on-demand trace's per-layer score inputs, by kind ([layer]).
struct OnDemandAttention {
  std::vector<AttentionScoreInputs> encoder_self;
  std::vector<AttentionScoreInputs> decoder_self;
  std::vector<AttentionScoreInputs> decoder_cross;

  const std::vector<AttentionScoreInputs>& layers(AttentionKind kind) const;
};

struct AttentionTrace {
  // Dense: α̂ of every head. On demand these three are empty: use attention().
  std::vector<LayerAttention> encoder_self;   // [layer], over the source
  std::vector<LayerAttention> decoder_self;   // [layer], over the decoder input, causal
  std::vector<LayerAttention> decoder_cross;  // [layer], decoder queries × source keys
  // On demand: what recomputes every head's α̂ (shared: copying a trace copies no matrices).
  std::shared_ptr<const OnDemandAttention> on_demand;

  const std::vector<LayerAttention>& layers(AttentionKind kind) const;
  std::vector<LayerAttention>& layers(AttentionKind kind);

  bool is_dense() const { return on_demand == nullptr; }
  // Layers of one kind (0 when the pass had none), heads of one of its layers.
  int layer_count(AttentionKind kind) const;
  int head_count(AttentionKind kind, int layer) const;
  // T_q and T_k of one layer's α̂ (0 for a layer that does not exist).
  int query_count(AttentionKind kind, int layer) const;
  int key_count(AttentionKind kind, int layer) const;
  // α̂ (T_q, T_k) of one head: a copy of the stored matrix (dense) or recomputed from Q and K
  // (on demand, ~2·T_q·T_k·d_h multiply-adds, rows split across the calling thread's budget); the
  // same values either way. Throws core::InputError naming the kind, layer or head that does not exist.
  RowMatrix attention(AttentionKind kind, int layer, int head) const;
  // The rows `queries` (each in 0..T_q−1, in any order) of one head's α̂: (queries.size(), T_k), row r
  // = query queries[r]. On demand only the 64-row blocks holding those queries are recomputed
  // (nn/attention_rows.h), on the calling thread: a sample of queries costs its blocks, not T_q².
  // The same values as attention()'s rows. Throws core::InputError naming a head or query that
  // does not exist.
  RowMatrix attention_rows(AttentionKind kind, int layer, int head, std::span<const int> queries) const;
  // The stored α̂ of one head, or nullptr when the trace is on demand (no copy: for readers that
  // only look); the indices must exist.
  const RowMatrix* stored(AttentionKind kind, int layer, int head) const;
  // Bytes of the matrices the trace holds: α̂ (dense) or Q and K (on demand; T5's bias table aside).
  std::size_t bytes() const;
};

// One head of one attention layer (layer and head from 0).
struct HeadRef {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
  int head = 0;

  bool operator==(const HeadRef&) const = default;
};

// The heads of heads that belong to one layer of one kind: what that layer's attention zeroes.
std::vector<int> heads_in_layer(std::span<const HeadRef> heads, AttentionKind kind, int layer);

// One attention layer whose named steps a forward pass records (nn/recorder.h).
struct LayerRef {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
};

}  // namespace core
