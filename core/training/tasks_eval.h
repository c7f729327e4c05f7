#pragma once
// Held-out evaluation of a loaded model on a built-in task, through the app's own inference path
// (the model's tokenizers, core::forward and core::GreedyDecoder), and the head analysis the
// model cards quote.

#include <vector>

#include "model/model.h"
#include "training/tasks.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace core {

struct EvaluationResult {
  int examples = 0;
  // Sequence tasks: greedy output equals the target exactly. induction: every scored token right.
  double exact_accuracy = 0.0;
  // Sequence tasks: greedy tokens equal to the target's at the same position, over the target's
  // tokens and </s>. induction: next-token accuracy on the repeated half (teacher-forced).
  double token_accuracy = 0.0;
  // Decoder-only tasks: the mean negative log-likelihood of the scored next tokens (nats) and the
  // perplexity exp(mean NLL); 0 for sequence tasks.
  double mean_nll = 0.0;
  double perplexity = 0.0;
};

// −ln softmax(logits)_target = log Σ_j exp(logits_j) − logits_target, the row max subtracted
// first so exp cannot overflow. Throws InputError for a target outside the row.
double next_token_nll(const RowVector& logits, int target);
// exp(nll_sum / tokens): 1 for a model that is always sure and right, the vocabulary size for a
// uniform one. Throws InputError when tokens is not positive.
double perplexity(double nll_sum, int tokens);

// count held-out examples (Task::held_out_examples). options: every pass's (precision, threads,
// memory budget: a pass over it throws core::MemoryBudgetError).
EvaluationResult evaluate(const Model& model, const Task& task, int count, const ForwardOptions& options = {});

struct HeadSummary {
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
  int head = 0;
  double entropy = 0.0;    // attention_entropy, mean over examples
  double distance = 0.0;   // mean_attention_distance in tokens, mean over examples (self-attention only)
  double normalized_distance = 0.0;  // normalized_attention_distance, likewise
  double induction = 0.0;  // induction_score, mean over examples (the induction task only)
  // previous_line_score (analysis/verse_lines.h), mean over the examples with two lines of verse
  // or more (decoder-only models only; 0 when no example has two lines)
  double previous_line = 0.0;
  // the same with column offset 1: the character after the same column, the one that stands
  // where the query's next character will stand
  double previous_line_next = 0.0;
};

// Every head of every attention layer, averaged over count held-out examples fed with their
// targets (what training saw); options as for evaluate.
std::vector<HeadSummary> summarize_heads(const Model& model, const Task& task, int count,
                                         const ForwardOptions& options = {});

}  // namespace core
