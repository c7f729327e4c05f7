#include "training/tasks_eval.h"

#include "model/generation.h"
#include "analysis/head_metrics.h"
#include "analysis/verse_lines.h"
#include "model/model_input.h"
#include "model/transformer.h"
#include "nn/output_head.h"
#include "tensor/errors.h"

#include <cmath>
#include <string>

namespace core {

namespace {

struct Score {
  int exact = 0;
  int tokens_right = 0;
  int tokens = 0;
  double nll_sum = 0.0;  // decoder-only tasks
};

// Greedy generation from the source, compared with the target's ids followed by </s>.
void score_sequence(const Model& model, const TaskExample& example, const ForwardOptions& options, Score& score) {
  const Tokenization source = tokenize_input(model, InputSide::Source, example.source);
  std::vector<int> want = tokenize_input(model, InputSide::Target, example.target).ids;
  want.erase(want.begin());  // the start token is the prefix, not an output
  want.push_back(model.spec().eos_token_id);
  GreedyDecoder decoder(model, source.ids, generation_prefix(model), options,
                        static_cast<int>(want.size()) + 2);
  while (!decoder.finished()) decoder.step();
  const std::vector<int> got(decoder.sequence().begin() + 1, decoder.sequence().end());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (i < got.size() && got[i] == want[i]) ++score.tokens_right;
  }
  score.tokens += static_cast<int>(want.size());
  if (got == want) ++score.exact;
}

// Teacher-forced next-token predictions over the example's scored positions: one forward pass
// over the whole example, whose causal mask makes row p's logits those of the prefix x_0 … x_p.
void score_next_tokens(const Model& model, const TaskExample& example, const ForwardOptions& options,
                       Score& score) {
  std::vector<int> ids = tokenize_input(model, InputSide::Target, example.target).ids;
  ids.push_back(model.spec().eos_token_id);  // the label of the last row
  const int rows = static_cast<int>(ids.size()) - 1;
  const int until = example.scored_until < 0 ? rows : example.scored_until;
  const ForwardResult result =
      forward(model, {}, std::span<const int>(ids.data(), static_cast<std::size_t>(rows)), options);
  const RowMatrix logits = output_logits(result.decoder_output, model.weights().output_head, model.spec().output);
  bool all_right = true;
  for (int p = example.scored_from; p < until; ++p) {
    const RowVector row = logits.row(p);
    const int want = ids[static_cast<std::size_t>(p) + 1];
    Eigen::Index best = 0;
    row.maxCoeff(&best);
    const bool right = best == want;
    score.tokens_right += right ? 1 : 0;
    ++score.tokens;
    score.nll_sum += next_token_nll(row, want);
    all_right = all_right && right;
  }
  if (all_right) ++score.exact;
}

}  // namespace

EvaluationResult evaluate(const Model& model, const Task& task, int count, const ForwardOptions& options) {
  const std::vector<TaskExample> examples = task.held_out_examples(count);
  Score score;
  for (const TaskExample& example : examples) {
    if (model.spec().has_encoder()) score_sequence(model, example, options, score);
    else score_next_tokens(model, example, options, score);
  }
  EvaluationResult result;
  result.examples = static_cast<int>(examples.size());
  if (result.examples > 0) result.exact_accuracy = static_cast<double>(score.exact) / result.examples;
  if (score.tokens > 0) result.token_accuracy = static_cast<double>(score.tokens_right) / score.tokens;
  if (!model.spec().has_encoder() && score.tokens > 0) {
    result.mean_nll = score.nll_sum / score.tokens;
    result.perplexity = perplexity(score.nll_sum, score.tokens);
  }
  return result;
}

double next_token_nll(const RowVector& logits, int target) {
  if (target < 0 || target >= logits.size()) {
    throw InputError("next_token_nll: token id " + std::to_string(target) + " is outside the " +
                     std::to_string(logits.size()) + " logits");
  }
  const double max = logits.maxCoeff();
  // log Σ_j exp(z_j) = max + log Σ_j exp(z_j − max)
  const double log_sum = max + std::log((logits.array().cast<double>() - max).exp().sum());
  return log_sum - static_cast<double>(logits(target));
}

double perplexity(double nll_sum, int tokens) {
  if (tokens <= 0) throw InputError("perplexity: no tokens were scored");
  // PPL = exp(mean NLL)
  return std::exp(nll_sum / tokens);
}

std::vector<HeadSummary> summarize_heads(const Model& model, const Task& task, int count,
                                         const ForwardOptions& options) {
  const std::vector<TaskExample> examples = task.held_out_examples(count);
  std::vector<HeadSummary> heads;
  std::vector<int> previous_line_examples;  // per head: examples that had two lines of verse
  for (const TaskExample& example : examples) {
    const Tokenization target = tokenize_input(model, InputSide::Target, example.target);
    const VerseLines lines = verse_lines(target.tokens);
    std::vector<int> source_ids;
    if (model.spec().has_encoder()) source_ids = tokenize_input(model, InputSide::Source, example.source).ids;
    const ForwardResult result = forward(model, source_ids, target.ids, options);
    std::size_t index = 0;
    for (const AttentionKind kind : {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::DecoderCross}) {
      const std::vector<LayerAttention>& layers = result.trace.layers(kind);
      for (std::size_t l = 0; l < layers.size(); ++l) {
        for (std::size_t h = 0; h < layers[l].heads.size(); ++h, ++index) {
          if (index >= heads.size()) heads.push_back({kind, static_cast<int>(l), static_cast<int>(h)});
          const RowMatrix& alpha_hat = layers[l].heads[h];
          const bool causal = kind == AttentionKind::DecoderSelf;
          HeadSummary& summary = heads[index];
          summary.entropy += attention_entropy(alpha_hat, causal) / static_cast<double>(examples.size());
          if (kind != AttentionKind::DecoderCross) {
            summary.distance += mean_attention_distance(alpha_hat, causal) / static_cast<double>(examples.size());
            summary.normalized_distance +=
                normalized_attention_distance(alpha_hat, causal) / static_cast<double>(examples.size());
          }
          if (!model.spec().has_encoder() && task.name() == "induction") {
            // x_0 … x_{2T−1} follow the start token; the scored range starts at T + 1
            const int repeat_length = example.scored_from - 1;
            summary.induction += induction_score(alpha_hat, repeat_length, 1) / static_cast<double>(examples.size());
          }
          if (!model.spec().has_encoder() && lines.starts.size() >= 2) {
            if (index >= previous_line_examples.size()) previous_line_examples.resize(index + 1, 0);
            summary.previous_line += previous_line_score(alpha_hat, lines);
            summary.previous_line_next += previous_line_score(alpha_hat, lines, 1);
            ++previous_line_examples[index];
          }
        }
      }
    }
  }
  for (std::size_t i = 0; i < heads.size() && i < previous_line_examples.size(); ++i) {
    if (previous_line_examples[i] > 0) {
      heads[i].previous_line /= previous_line_examples[i];
      heads[i].previous_line_next /= previous_line_examples[i];
    }
  }
  return heads;
}

}  // namespace core
