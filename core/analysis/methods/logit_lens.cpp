#include "analysis/methods/logit_lens.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "nn/norm.h"
#include "nn/output_head.h"
#include "tensor/errors.h"

namespace core {

namespace {

// chosen, sorted without repeats, each checked against 0..count−1; or every index when empty.
std::vector<int> chosen_indices(std::vector<int> chosen, int count, const char* what) {
  if (chosen.empty()) {
    chosen.resize(static_cast<std::size_t>(count));
    std::iota(chosen.begin(), chosen.end(), 0);
    return chosen;
  }
  for (const int index : chosen) {
    if (index < 0 || index >= count) {
      throw InputError(std::string("logit lens ") + what + " " + std::to_string(index) +
                       " does not exist; the grid has " + what + "s 0.." + std::to_string(count - 1));
    }
  }
  std::sort(chosen.begin(), chosen.end());
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  return chosen;
}

// The K most likely tokens of one row of logits: p = softmax(logits), best first (ties: lower id).
std::vector<LensPrediction> top_predictions(const Eigen::Ref<const RowVector>& logits, int k) {
  // p_v = exp(logit_v − max) / Σ_u exp(logit_u − max)
  const double max = logits.maxCoeff();
  double sum = 0.0;
  for (Eigen::Index v = 0; v < logits.size(); ++v) sum += std::exp(static_cast<double>(logits(v)) - max);
  std::vector<int> order(static_cast<std::size_t>(logits.size()));
  std::iota(order.begin(), order.end(), 0);
  const auto kept = order.begin() + std::min<std::ptrdiff_t>(k, logits.size());
  std::partial_sort(order.begin(), kept, order.end(),
                    [&](int a, int b) { return logits(a) > logits(b) || (logits(a) == logits(b) && a < b); });
  std::vector<LensPrediction> top;
  for (auto it = order.begin(); it != kept; ++it)
    top.push_back({*it, std::exp(static_cast<double>(logits(*it)) - max) / sum});
  return top;
}

}  // namespace

AttentionKind lens_stack(const ModelSpec& spec) {
  if (!spec.has_output_head) {
    throw InputError("this model has no output head over the vocabulary (" +
                     std::string(spec.classifier.kind != ClassifierKind::None ? to_string(spec.classifier.kind)
                                                                              : "no language-model head") +
                     "), so the logit lens has no prediction to read");
  }
  return spec.has_decoder() ? AttentionKind::DecoderSelf : AttentionKind::EncoderSelf;
}

RowMatrix lens_logits(const Model& model, const Eigen::Ref<const RowMatrix>& hidden, Precision precision) {
  const ModelSpec& spec = model.spec();
  const AttentionKind stack = lens_stack(spec);
  const ModelWeights& weights = model.weights(precision);
  const StackSpec& stack_spec = stack == AttentionKind::DecoderSelf ? spec.decoder : spec.encoder;
  const StackWeights& stack_weights = stack == AttentionKind::DecoderSelf ? weights.decoder : weights.encoder;
  RowMatrix normed = hidden;
  // FinalNorm(h): pre-norm stacks end with one; post-norm stacks normalised inside every block
  if (stack_spec.final_norm) normalize_in_place(normed, stack_weights.final_norm, stack_spec.final_norm_spec);
  // Head(·): the projection onto the vocabulary (BERT: its MLM transform first)
  return output_logits(normed, weights.output_head, spec.output);
}

LogitLens logit_lens(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                     const LensOptions& options, const ForwardOptions& forward_options) {
  const ModelSpec& spec = model.spec();
  LogitLens lens;
  lens.stack = lens_stack(spec);
  if (options.top_k < 1)
    throw InputError("the logit lens needs top_k of at least 1, not " + std::to_string(options.top_k));
  const int layers = spec.layers(lens.stack);
  lens.rows = chosen_indices(options.rows, layers + 1, "row");

  // record the residual stream of every block a row reads: row 0 the embeddings, row l block l − 1's output
  ForwardOptions pass = forward_options;
  for (const int row : lens.rows) pass.record.push_back({lens.stack, std::max(row - 1, 0)});
  const ForwardResult result = forward(model, source_ids, target_ids, pass);
  const int length = static_cast<int>(lens.stack == AttentionKind::DecoderSelf ? target_ids.size() : source_ids.size());
  lens.positions = chosen_indices(options.positions, length, "position");

  for (std::size_t r = 0; r < lens.rows.size(); ++r) {
    const int row = lens.rows[r];
    // h_l: the embeddings (l = 0) or block l − 1's output
    const RowMatrix* stream = row == 0 ? result.record.find(lens.stack, 0, "embedding")
                                       : result.record.find(lens.stack, row - 1, "block_out");
    if (stream == nullptr)
      throw InputError("the pass did not record row " + std::to_string(row) + "'s residual stream");
    std::vector<std::vector<LensPrediction>> cells;
    for (const int position : lens.positions) {
      // logits_l^i = Head(FinalNorm(h_l^i)), one position at a time as the forward pass computes
      // its last position's logits: the matrix kernels round a many-row product differently, and
      // the last row must be the model's prediction exactly, whatever rows and positions are asked.
      const RowMatrix logits = lens_logits(model, stream->row(position), forward_options.precision);
      cells.push_back(top_predictions(logits.row(0), options.top_k));
    }
    lens.top.push_back(std::move(cells));
    report_progress(MethodOptions{{}, {}, options.progress, {}},
                    static_cast<double>(r + 1) / static_cast<double>(lens.rows.size()), "logit lens");
  }
  return lens;
}

}  // namespace core
