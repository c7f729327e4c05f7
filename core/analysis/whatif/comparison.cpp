#include "analysis/whatif/comparison.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "analysis/methods/top_p.h"
#include "tensor/errors.h"

namespace core {

namespace {

constexpr AttentionKind kKinds[] = {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf,
                                    AttentionKind::DecoderCross};

// One pass's matrices (the method's) and its last logits.
struct PassMatrices {
  AttentionTrace trace;
  RowVector last_logits;
};

PassMatrices run_pass(const ComparedPass& pass, const std::string& name, const ComparisonReading& reading, double from,
                      double to) {
  if (pass.model == nullptr) throw InputError("no model to compare");
  if (reading.method == AttentionMethod::Raw) {
    ForwardResult result = forward(*pass.model, pass.source.ids, pass.target.ids, pass.options);
    return {std::move(result.trace), std::move(result.last_logits)};
  }
  MethodOptions options;
  if (reading.progress) {
    // this pass's share of the whole: A the first half, B the second
    options.progress = [&reading, from, to](double fraction) { return reading.progress(from + (to - from) * fraction); };
  }
  try {
    MethodResult result =
        compute_attention_method(*pass.model, pass.source.ids, pass.target.ids, reading.method, pass.options, options);
    return {std::move(result.trace), std::move(result.pass.last_logits)};
  } catch (const Cancelled&) {
    throw;
  } catch (const std::exception& error) {
    if (name.empty()) throw;
    std::string method = to_string(reading.method);
    std::replace(method.begin(), method.end(), '-', ' ');  // "value zeroing"
    throw InputError(method + " cannot be computed for " + name + ": " + error.what());
  }
}

// Every matrix of trace read over the pass's axes (token_reading.h), then cut to each row's top-p keys.
AttentionTrace read_pass(const AttentionTrace& trace, const PassAxes& axes, const ComparisonReading& reading) {
  AttentionTrace read;
  for (const AttentionKind kind : kKinds) {
    const ReadingAxis& queries = kind == AttentionKind::EncoderSelf ? axes.source_queries : axes.target_queries;
    const ReadingAxis& keys = kind == AttentionKind::DecoderSelf ? axes.target_keys : axes.source_keys;
    for (int layer = 0; layer < trace.layer_count(kind); ++layer) {
      LayerAttention heads;
      for (int head = 0; head < trace.head_count(kind, layer); ++head) {
        RowMatrix m = read_matrix(trace.attention(kind, layer, head), queries, keys);
        if (reading.top_p > 0.0) m = top_p_filter(m, reading.top_p);
        heads.heads.push_back(std::move(m));
      }
      read.layers(kind).push_back(std::move(heads));
    }
  }
  return read;
}

}  // namespace

TokenAlignment align(const Tokenization& a, const Tokenization& b) {
  if (a.ids == b.ids) return identity_alignment(a.size(), b.size());
  // two text pairs: text A with text A, text B with text B (a pair and one text: every token)
  const bool pairs = !a.sequence_ids.empty() && !b.sequence_ids.empty();
  if (pairs) return align_tokens(a.tokens, b.tokens, a.sequence_ids, b.sequence_ids);
  return align_tokens(a.tokens, b.tokens);
}

Comparison compare_passes(const ComparedPass& a, const ComparedPass& b, const TokenAlignment& source,
                          const TokenAlignment& target, int top_k, const ComparisonReading& reading) {
  PassMatrices before = run_pass(a, reading.before_name, reading, 0.0, 0.5);
  PassMatrices after = run_pass(b, reading.after_name, reading, 0.5, 1.0);
  Comparison comparison;
  comparison.method = reading.method;
  comparison.reading = reading.reading;
  comparison.top_p = reading.top_p;
  const ReadingOptions& options = reading.reads_tokens() ? reading.reading : ReadingOptions{};
  comparison.before_axes = pass_axes(a.source, a.target, options);
  comparison.after_axes = pass_axes(b.source, b.target, options);
  if (reading.reads_tokens()) {
    before.trace = read_pass(before.trace, comparison.before_axes, reading);
    after.trace = read_pass(after.trace, comparison.after_axes, reading);
    comparison.difference = attention_difference(
        before.trace, after.trace, align_pass_axes(source, target, comparison.before_axes, comparison.after_axes));
  } else {
    comparison.difference = attention_difference(before.trace, after.trace, source, target);
  }
  if (before.last_logits.size() == 0 || after.last_logits.size() == 0) {
    comparison.prediction_note = "no next-token prediction: the model has no language-model head";
  } else if (before.last_logits.size() != after.last_logits.size()) {
    comparison.prediction_note = "no prediction change: the output vocabularies differ (" +
                                 std::to_string(before.last_logits.size()) + " and " +
                                 std::to_string(after.last_logits.size()) + " tokens)";
  } else {
    comparison.prediction = compare_predictions(before.last_logits, after.last_logits, top_k);
  }
  comparison.before = std::move(before.trace);
  comparison.after = std::move(after.trace);
  return comparison;
}

}  // namespace core
