#pragma once
// An encoder or decoder stack: embedding (+ positions), then its blocks, then the final norm of
// pre-norm stacks. A decoder stack of an encoder-decoder model cross-attends to the encoder output.

#include <functional>
#include <span>
#include <vector>

#include "model/trace.h"
#include "nn/attention.h"
#include "nn/recorder.h"
#include "nn/stack_spec.h"
#include "nn/weights.h"

namespace core {

// One block's key/value caches across generation steps.
struct LayerCache {
  KeyValueCache self;
  KeyValueCache cross;
};

struct StackRun {
  AttentionKind kind = AttentionKind::EncoderSelf;  // EncoderSelf or DecoderSelf
  bool positional_encoding = true;
  std::span<const HeadRef> ablated_heads;
  Recorder* recorder = nullptr;
  bool keep_score_inputs = false;  // on-demand trace: each layer's Q and K instead of its α̂
  std::function<void(int layer)> after_layer{};  // called after each block (progress; may throw to stop)
  // Generation with a key/value cache: ids sit at first_position, …; caches[layer] holds each
  // block's self- and cross-attention keys and values (sized by run_stack). nullptr: no cache.
  int first_position = 0;
  std::vector<LayerCache>* caches = nullptr;
  // The PE explorer's per-layer switch: layers of this stack whose attention runs without its
  // position term (no rotation, no relative or ALiBi bias). An absolute table is added once before
  // the first layer and follows positional_encoding only.
  std::span<const int> positions_off_in{};
  std::span<const int> rotary_pairs_off{};  // rotary frequency-band mask (nn/attention.h)
  // Each token's type (a BERT text pair: 1 from text B on); empty: type 0 for every token.
  std::span<const int> token_types{};
};

struct StackResult {
  RowMatrix output;                            // (T, d_model), after the final norm
  std::vector<LayerAttention> self_attention;  // [layer]
  std::vector<LayerAttention> cross_attention; // [layer]; empty without an encoder
  // When keep_score_inputs: per layer, what recomputes its α̂ (then the two above are empty).
  std::vector<AttentionScoreInputs> self_score_inputs;
  std::vector<AttentionScoreInputs> cross_score_inputs;
};

// ids: T token ids, checked against the table; memory: the encoder output (S, d_model) for a
// decoder that cross-attends, a 0-row matrix otherwise.
StackResult run_stack(std::span<const int> ids, const Eigen::Ref<const RowMatrix>& memory, const StackWeights& weights,
                      const StackSpec& spec, const StackRun& run);

}  // namespace core
