#pragma once
// One "what if" comparison: two forward passes (A, the input or model as it was; B, after the
// change), their attention difference over aligned tokens and the change of the next-token
// prediction. Every comparison the app and attnscope-cli diff make goes through here:
//   token edit       A: the tokens, B: the edited tokens (token_edit.h), same model
//   two sentences    A: one text, B: another, same model; tokens aligned by LCS (token_alignment.h)
//   two checkpoints  A and B: one text, two models of the same architecture (architecture_match.h)
//   PE on/off        A: without positional encoding, B: with it (D = α̂ with PE − α̂ without PE)
//   heads off        A: every head, B: some heads switched off (ForwardOptions::ablated_heads)
// Both passes are read alike before they are subtracted, as the views read one pass
// (ComparisonReading): the same method's matrices (attention_method.h), the same words and hidden
// tokens and pair filter (token_reading.h), the same top-p keys (top_p.h). Then
//   D[m, n] = R_B[q_B(m), k_B(n)] − R_A[q_A(m), k_A(n)],   R = top-p(read(method(pass)))
// over the entries matched by axis_alignment.h.

#include <optional>
#include <string>

#include "analysis/methods/attention_method.h"
#include "analysis/methods/method_options.h"
#include "analysis/reading/token_reading.h"
#include "analysis/whatif/attention_difference.h"
#include "analysis/whatif/axis_alignment.h"
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

// How both passes are read before they are subtracted: what the views show of one pass.
struct ComparisonReading {
  AttentionMethod method = AttentionMethod::Raw;
  ReadingOptions reading;   // words, hidden tokens, a text pair's filter
  double top_p = 0.0;       // > 0: each row keeps its top-p keys (the others 0); 0: every key
  MethodProgress progress;  // the method's progress over both passes (A: [0, ½], B: [½, 1]); may cancel
  // For messages: "A (as typed)", "B (edited)". A method that fails on a pass then says which;
  // empty: the core's message as it is.
  std::string before_name;
  std::string after_name;

  bool reads_tokens() const { return !reading.is_identity() || top_p > 0.0; }
};

struct Comparison {
  AttentionTrace before;                       // A's matrices, as read (R_A above)
  AttentionTrace after;                        // B's matrices, as read (R_B)
  AttentionDifference difference;              // B − A over the matched entries
  PassAxes before_axes;                        // what A's rows and columns are (one token each, unless read)
  PassAxes after_axes;                         // and B's
  AttentionMethod method = AttentionMethod::Raw;  // how both were read (ComparisonReading)
  ReadingOptions reading;
  double top_p = 0.0;
  std::optional<PredictionChange> prediction;  // none when the models have no next-token head
  std::string prediction_note;                 // why there is none
};

// Identity when a and b hold the same ids, else the LCS of their tokens (token_alignment.h); two
// text pairs (both with sequence_ids) are aligned text by text, never a token of A with one of B.
TokenAlignment align(const Tokenization& a, const Tokenization& b);

// Runs both passes (A then B), reads them alike and compares them; source and target align
// their tokens. Throws what forward() and compute_attention_method() throw (core::InputError,
// naming the input; core::Cancelled from reading.progress), a pass's method failure as an
// InputError naming the pass when reading names it ("value zeroing cannot be computed for B
// (edited): …"), core::InputError for top-p on negative entries, and what attention_difference()
// throws. A method without matrices for a kind (rollout, flow: no cross-attention) leaves that
// kind out of both traces and of the difference.
Comparison compare_passes(const ComparedPass& a, const ComparedPass& b, const TokenAlignment& source,
                          const TokenAlignment& target, int top_k, const ComparisonReading& reading = {});

}  // namespace core
