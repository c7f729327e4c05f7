#pragma once
// One forward pass of a whole model: ids → embeddings → layers → attention trace (+ logits).

#include <optional>
#include <span>
#include <vector>

#include "model.h"
#include "trace.h"

namespace core {

struct ForwardOptions {
  bool positional_encoding = true;        // false: the position term is zero, everything else unchanged
  std::optional<DetailRequest> detail;    // Q, K, V and scores of one attention layer, for teaching
  int threads = 0;                        // threads for this pass; 0: core::default_threads() (at most 2)
  std::vector<HeadRef> ablated_heads{};   // heads switched off: their b^{i,h} is zeroed before W^O
};

struct ForwardResult {
  AttentionTrace trace;
  std::optional<AttentionDetail> detail;
  RowMatrix encoder_output;  // (S, d_model), empty for decoder-only models
  RowMatrix decoder_output;  // (T, d_model), empty for encoder-only models
  RowVector last_logits;     // logits at the last position; empty when the model has no output head
};

// source_ids feed the encoder, target_ids the decoder (verbatim: no shift, no start token added).
// A decoder-only model ignores source_ids; an encoder-only model ignores target_ids.
// Throws core::InputError for an empty input or an id outside the vocabulary.
ForwardResult forward(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                      const ForwardOptions& options = {});

}  // namespace core
