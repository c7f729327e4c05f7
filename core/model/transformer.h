#pragma once
// One forward pass of a whole model: ids → embeddings → blocks → attention trace (+ logits).

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "model/model.h"
#include "model/trace.h"
#include "nn/recorder.h"

namespace core {

// What a pass is asked to do besides computing: one context for every caller (views, CLI,
// analyses, generation, the classroom).
struct ForwardOptions {
  bool positional_encoding = true;       // false: the position term is zero / no rotation / no bias
  std::vector<LayerRef> record{};        // layers whose named steps are recorded (nn/recorder.h)
  bool record_all = false;               // record every layer (small models only: it keeps every step)
  bool record_heads = true;              // false: recorded layers keep no "scores" or "alpha_hat" (Recorder::keep_no_heads)
  int threads = 0;                       // threads for this pass; 0: core::default_threads() (at most 2)
  std::vector<HeadRef> ablated_heads{};  // heads switched off: their b^{i,h} is zeroed before W^O
  Precision precision = Precision::Exact;  // model.h: exact (float32) or fast (bfloat16 dot products)
  // Bytes the pass may allocate (model/memory_estimate.h; mapped weights not counted); a pass whose
  // estimate is larger is refused with a core::InputError. 0: no limit (the CLI and the GUI pass
  // model/memory_budget.h's default_memory_budget(), half the available RAM).
  std::size_t memory_budget = 0;
  // How the trace keeps attention (model/trace.h): Auto keeps every α̂ while all heads' α̂ of the
  // pass (4·H·T_q·T_k bytes summed over layers) fit dense_attention_limit, else Q and K per layer.
  AttentionStorage attention = AttentionStorage::Auto;
  std::size_t dense_attention_limit = std::size_t{1} << 30;  // 1 GiB: BERT-base at 512 tokens is 151 MiB
  // Called on the pass's thread after each block with (blocks done, blocks in the pass: encoder
  // and decoder layers together); returning false stops the pass with core::Cancelled. Empty: none.
  std::function<bool(int done, int total)> progress{};
  // The PE explorer's per-layer switch: layers whose self-attention runs without its position term
  // (rotary: no rotation; ALiBi, T5: no bias). Absolute tables (sinusoidal, learned) are added once
  // before the first layer and follow positional_encoding only. Empty: every layer keeps it.
  std::vector<LayerRef> positions_off{};
  // Rotary models' frequency-band mask: these pairs i (ω_i = θ^(−2i/rotary_dim), pair 0 the fastest)
  // keep angle 0 in every layer, so they carry no position. Empty: every pair rotates.
  std::vector<int> rotary_pairs_off{};
  // The encoder input's token types (a BERT text pair: 0 for [CLS] A [SEP], 1 for B [SEP];
  // text/text_pair.h); empty: type 0 for every token. One per source token, each below the
  // model's type count (core::InputError otherwise); a model without a token type table takes
  // only zeros.
  std::vector<int> token_types{};
};

struct ForwardResult {
  AttentionTrace trace;
  Recorder record;           // the named steps of the layers asked for
  RowMatrix encoder_output;  // (S, d_model), empty for decoder-only models
  RowMatrix decoder_output;  // (T, d_model), empty for encoder-only models
  RowVector last_logits;     // logits at the last position; empty when the model has no output head
  RowMatrix class_logits;    // the task head's: (1, labels), (T, labels) or (T, 2); empty without one
};

// source_ids feed the encoder, target_ids the decoder (verbatim: no shift, no start token added).
// A decoder-only model ignores source_ids; an encoder-only model ignores target_ids.
// Throws core::InputError for an empty input, an id outside the token table (naming the token)
// a head to switch off that the model does not have, a positions_off layer it does not have, a
// rotary_pairs_off pair it does not have (or any without rotary encoding), or a pass over options.memory_budget;
// core::Cancelled when options.progress returns false.
ForwardResult forward(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                      const ForwardOptions& options = {});

// The checks forward() makes before it computes (core::InputError as described there): ids,
// lengths, ablated heads, the layers of positions_off and the pairs of rotary_pairs_off; not the memory budget.
void check_forward_inputs(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                          const ForwardOptions& options);

// Whether a pass over S source and T target tokens keeps a dense trace under these options.
bool keeps_dense_attention(const ModelSpec& spec, std::size_t source_length, std::size_t target_length,
                           const ForwardOptions& options);

}  // namespace core
