#pragma once
// Greedy decoding one token at a time, so a caller (the GUI's generation stepper, the CLI) can
// show the decoder after each step: its masked self-attention growing by one row and the new
// token's cross-attention over the source.

#include <span>
#include <vector>

#include "model/model.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace core {

struct GenerationStep {
  std::vector<int> decoder_input;  // the prefix this step's decoder pass read
  AttentionTrace trace;            // encoder self-attention and this pass's decoder attention
  RowVector logits;                // at the last position
  int next_id = -1;                // argmax of the logits, appended to the prefix
};

class GreedyDecoder {
 public:
  // Encodes source_ids once (ignored by decoder-only models) and starts from prefix: the start
  // token for an encoder-decoder model, the prompt for a decoder-only one. Stops after the end
  // token, after max_new_tokens, or at the model's maximum length.
  GreedyDecoder(const Model& model, std::span<const int> source_ids, std::vector<int> prefix,
                ForwardOptions options, int max_new_tokens);

  bool finished() const;
  // One decoder pass over the current prefix, with the options' threads, ablated heads, PE
  // setting and memory budget (core::InputError when over it); appends its prediction. Call only
  // while !finished().
  GenerationStep step();
  const std::vector<int>& sequence() const { return sequence_; }  // prefix plus every generated token

 private:
  const Model& model_;
  ForwardOptions options_;
  RowMatrix encoder_output_;                   // reused by every step
  std::vector<LayerAttention> encoder_self_;  // the encoder's attention, the same in every step
  std::vector<int> sequence_;
  int generated_ = 0;
  int max_new_tokens_ = 0;
};

// The decoder's first input for generation: the start token (encoder-decoder) or nothing.
std::vector<int> generation_prefix(const Model& model);

}  // namespace core
