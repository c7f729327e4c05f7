#pragma once
// Greedy decoding with a key/value cache: the first step runs the prompt (decoder-only) or the
// start token (encoder-decoder, after encoding the source once) and keeps every decoder layer's
// keys and values; each later step embeds only the token generated last, at its position, and
// attends over the cache: one token's work per step instead of a re-run of the whole prefix.
// Tokens and logits are those of GreedyDecoder (model/generation.h), which re-runs the prefix,
// within float rounding (the tests compare logits to 1e-5).
//
// Lecture notation: step t reads token x_{t} at position t; its query q^t attends over k^0 … k^t
// (cached), so its α̂ is one row (1, t + 1) per head; cross-attention's is (1, S).

#include <span>
#include <vector>

#include "model/model.h"
#include "model/stack.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace core {

struct CachedStep {
  int position = 0;   // position of the last token this step read
  RowVector logits;   // at that position
  int next_id = -1;   // argmax of the logits, appended to the sequence
  // α̂ of the step's last query, per layer and head: (1, position + 1) for self-attention,
  // (1, S) for cross-attention (empty without an encoder)
  std::vector<LayerAttention> self_row;
  std::vector<LayerAttention> cross_row;
};

class CachedGreedyDecoder {
 public:
  // Checks the ids and the ablated heads (core::InputError, as forward()) and encodes the source
  // once (encoder-decoder). prefix: the start token or the prompt. Stops after the end token,
  // after max_new_tokens, or at the model's maximum length.
  CachedGreedyDecoder(const Model& model, std::span<const int> source_ids, std::vector<int> prefix,
                      ForwardOptions options, int max_new_tokens);

  bool finished() const;
  // The first call reads the whole prefix (its memory estimate is checked against the budget:
  // core::MemoryBudgetError), later calls one token. Call only while !finished().
  CachedStep step();
  const std::vector<int>& sequence() const { return sequence_; }
  // The encoder's attention and the prefix pass's decoder attention, on demand (model/trace.h);
  // empty before the first step.
  const AttentionTrace& prefix_trace() const { return prefix_trace_; }
  // Positions whose keys and values the cache holds (each decoder layer the same): the tokens read.
  int cached_positions() const { return caches_.empty() ? 0 : static_cast<int>(caches_.front().self.length); }

 private:
  const Model& model_;
  ForwardOptions options_;
  std::vector<int> source_ids_;    // encoded at the first step
  RowMatrix encoder_output_;       // (S, d_model), reused by every step
  std::vector<LayerCache> caches_;  // [decoder layer]
  AttentionTrace prefix_trace_;
  std::vector<int> sequence_;
  int read_ = 0;  // tokens of sequence_ the decoder has read (and cached)
  int generated_ = 0;
  int max_new_tokens_ = 0;
};

}  // namespace core
