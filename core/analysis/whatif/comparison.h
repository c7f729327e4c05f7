#pragma once
// One "what if" comparison: two forward passes (A, the input or model as it was; B, after the
// change), their attention difference over aligned tokens and the change of the next-token
// prediction. Every comparison the app and attnscope-cli diff make goes through here:
//   token edit       A: the tokens, B: the edited tokens (token_edit.h), same model
//   two sentences    A: one text, B: another, same model; tokens aligned by LCS (token_alignment.h)
//   two checkpoints  A and B: one text, two models of the same architecture (architecture_match.h)
//   PE on/off        A: without positional encoding, B: with it (D = α̂ with PE − α̂ without PE)
//   heads off        A: every head, B: some heads switched off (ForwardOptions::ablated_heads)

#include <optional>
#include <string>

#include "analysis/whatif/attention_difference.h"
#include "analysis/whatif/prediction_change.h"
#include "model/model.h"
#include "model/transformer.h"

namespace core {

struct ComparedPass {
  const Model* model = nullptr;  // not owned; must outlive compare_passes
  Tokenization source;           // the encoder's tokens (empty for a decoder-only model)
  Tokenization target;           // the decoder's tokens (empty for an encoder-only model)
  ForwardOptions options;        // positional encoding, ablated heads, precision, budget
};

struct Comparison {
  AttentionTrace before;                       // A's attention
  AttentionTrace after;                        // B's attention
  AttentionDifference difference;              // B − A over the aligned tokens
  std::optional<PredictionChange> prediction;  // none when the models have no next-token head
  std::string prediction_note;                 // why there is none
};

// Identity when a and b hold the same ids, else the LCS of their tokens (token_alignment.h).
TokenAlignment align(const Tokenization& a, const Tokenization& b);

// Runs both passes (A then B) and compares them. The passes' traces are dense (every head's α̂
// is read). Throws what forward() throws (core::InputError, naming the input) and what
// attention_difference() throws.
Comparison compare_passes(const ComparedPass& a, const ComparedPass& b, const TokenAlignment& source,
                          const TokenAlignment& target, int top_k);

}  // namespace core
