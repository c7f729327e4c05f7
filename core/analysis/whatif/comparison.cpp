#include "analysis/whatif/comparison.h"

#include "tensor/errors.h"

namespace core {

TokenAlignment align(const Tokenization& a, const Tokenization& b) {
  if (a.ids == b.ids) return identity_alignment(a.size(), b.size());
  return align_tokens(a.tokens, b.tokens);
}

Comparison compare_passes(const ComparedPass& a, const ComparedPass& b, const TokenAlignment& source,
                          const TokenAlignment& target, int top_k) {
  const auto run = [](const ComparedPass& pass) {
    if (pass.model == nullptr) throw InputError("no model to compare");
    return forward(*pass.model, pass.source.ids, pass.target.ids, pass.options);
  };
  ForwardResult before = run(a);
  ForwardResult after = run(b);
  Comparison comparison;
  comparison.difference = attention_difference(before.trace, after.trace, source, target);
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
