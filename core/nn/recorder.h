#pragma once
// The named intermediate values of one forward pass, for the views that explain it (the
// walkthrough, the layer inspector, the q·k view). Blocks record under their stack's attention
// kind and layer, with llama.cpp's graph-callback style names:
//   "attn_in_q", "attn_in_kv"  the rows the queries and the keys/values are computed from (after the norm)
//   "q", "k", "v"              projections, all heads side by side (bias included, before rotation)
//   "q_rotated", "k_rotated"   after the rotary encoding (rotary models only)
//   "scores"                   α per head, position bias and mask included (masked: −∞)
//   "alpha_hat"                α̂ per head
//   "attn_heads"               b^{i,h} of every head side by side, before W^O
//   "attn_out"                 after W^O
//   "ffn_in", "ffn_out"        the feed-forward network's input (after its norm) and output
//   "residual_attn", "residual_cross", "residual_ffn"
//                              the residual stream entering each sub-layer (before its norm)
//   "block_out"                the block's output rows
//   "embedding"                (layer 0 only) the stack's input embeddings
// Cross-attention records under AttentionKind::DecoderCross with the same attention names.
// Only the layers asked for are recorded: a full record of a long pass would be large.

#include <string>
#include <vector>

#include "nn/attention_kind.h"
#include "tensor/tensor.h"

namespace core {

class Recorder {
 public:
  // Records the steps of one layer of one kind; want_all() records every layer.
  void want(AttentionKind kind, int layer) { wanted_.push_back({kind, layer}); }
  void want_all() { all_ = true; }
  bool wants(AttentionKind kind, int layer) const;
  // Keeps no per-head matrices ("scores", "alpha_hat": H · T_q · T_k floats a layer): what the
  // value-based methods want from an on-demand pass, which recomputes α̂ from its trace instead.
  void keep_no_heads() { heads_ = false; }
  bool keeps_heads() const { return heads_; }

  // Stores a value (replacing an earlier one of the same name) when this layer is wanted.
  void record(AttentionKind kind, int layer, const std::string& name, RowMatrix value);
  void record_heads(AttentionKind kind, int layer, const std::string& name, std::vector<RowMatrix> values);

  // The recorded value, or nullptr when that step was not recorded.
  const RowMatrix* find(AttentionKind kind, int layer, const std::string& name) const;
  const std::vector<RowMatrix>* find_heads(AttentionKind kind, int layer, const std::string& name) const;
  // The names recorded for one layer, in the order the pass produced them.
  std::vector<std::string> names(AttentionKind kind, int layer) const;

 private:
  struct Key {
    AttentionKind kind;
    int layer;
    bool operator==(const Key&) const = default;
  };
  struct Step {
    Key key;
    std::string name;
    RowMatrix value;
    std::vector<RowMatrix> heads;
  };
  Step& slot(AttentionKind kind, int layer, const std::string& name);
  const Step* lookup(AttentionKind kind, int layer, const std::string& name) const;

  bool all_ = false;
  bool heads_ = true;
  std::vector<Key> wanted_;
  std::vector<Step> steps_;
};

}  // namespace core
