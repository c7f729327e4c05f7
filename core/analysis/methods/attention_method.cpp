#include "analysis/methods/attention_method.h"

#include <algorithm>
#include <utility>

#include "analysis/head_analysis.h"
#include "analysis/methods/attention_flow.h"
#include "analysis/methods/norm_attention.h"
#include "analysis/methods/recorded_pass.h"
#include "analysis/methods/streamed_rollout.h"
#include "analysis/methods/value_zeroing.h"

namespace core {

namespace {

constexpr AttentionMethod all_methods[] = {AttentionMethod::Raw, AttentionMethod::Norm, AttentionMethod::ValueZeroing,
                                           AttentionMethod::Rollout, AttentionMethod::Flow};

// Raw and rollout are computed whole; this keeps the chosen layers and query rows only, so their
// result has the same shape as the sampled methods'.
void keep_chosen(AttentionTrace& trace, const MethodOptions& options) {
  if (options.layers.empty() && options.queries.empty()) return;
  for (const AttentionKind kind :
       {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::DecoderCross}) {
    std::vector<LayerAttention>& layers = trace.layers(kind);
    if (layers.empty()) continue;
    const std::vector<int> chosen = chosen_layers(options, static_cast<int>(layers.size()), to_string(kind));
    for (int l = 0; l < static_cast<int>(layers.size()); ++l) {
      LayerAttention& layer = layers[static_cast<std::size_t>(l)];
      if (!std::binary_search(chosen.begin(), chosen.end(), l)) {
        layer.heads.clear();
        continue;
      }
      for (RowMatrix& head : layer.heads) {
        const std::vector<int> queries = chosen_queries(options, static_cast<int>(head.rows()), to_string(kind), l);
        RowMatrix kept = RowMatrix::Zero(head.rows(), head.cols());
        for (const int i : queries) kept.row(i) = head.row(i);
        head = std::move(kept);
      }
    }
  }
}

}  // namespace

const char* to_string(AttentionMethod method) {
  switch (method) {
    case AttentionMethod::Raw: return "raw";
    case AttentionMethod::Norm: return "norm";
    case AttentionMethod::ValueZeroing: return "value-zeroing";
    case AttentionMethod::Rollout: return "rollout";
    case AttentionMethod::Flow: return "flow";
  }
  return "?";
}

std::optional<AttentionMethod> parse_attention_method(std::string_view name) {
  for (const AttentionMethod method : all_methods) {
    if (name == to_string(method)) return method;
  }
  return std::nullopt;
}

std::string attention_method_names() {
  std::string names;
  for (const AttentionMethod method : all_methods) {
    if (!names.empty()) names += '|';
    names += to_string(method);
  }
  return names;
}

bool is_per_head(AttentionMethod method) {
  return method == AttentionMethod::Raw || method == AttentionMethod::Norm;
}

bool method_covers(AttentionMethod method, AttentionKind kind) {
  const bool stack_only = method == AttentionMethod::Rollout || method == AttentionMethod::Flow;
  return !stack_only || kind != AttentionKind::DecoderCross;
}

MethodResult compute_attention_method(const Model& model, std::span<const int> source_ids,
                                      std::span<const int> target_ids, AttentionMethod method,
                                      const ForwardOptions& forward_options, const MethodOptions& options) {
  MethodResult result;
  result.method = method;
  const bool needs_values = method == AttentionMethod::Norm || method == AttentionMethod::ValueZeroing;
  // Raw, value zeroing, rollout and flow read α̂ through the trace, so they take it on demand (a
  // long input) as well as dense; norm-based attention reads every recorded α̂ of its layers.
  ForwardOptions pass_options = forward_options;
  if (method == AttentionMethod::Norm) pass_options.attention = AttentionStorage::Dense;
  // value zeroing reads only v from the record: recording α̂ per head would be H·T² floats a layer
  if (method == AttentionMethod::ValueZeroing) pass_options.record_heads = false;
  result.pass = needs_values ? recorded_pass(model, source_ids, target_ids, pass_options, options)
                             : forward(model, source_ids, target_ids, pass_options);
  switch (method) {
    case AttentionMethod::Raw:
      // moved, not copied: a long input's trace is the pass's largest allocation
      result.trace = std::move(result.pass.trace);
      keep_chosen(result.trace, options);
      break;
    case AttentionMethod::Norm: {
      NormAttention norms = norm_attention(model, result.pass, forward_options.precision, options);
      result.trace = std::move(norms.per_head);
      result.summed = std::move(norms.summed);
      break;
    }
    case AttentionMethod::ValueZeroing:
      result.trace = value_zeroing(model, result.pass, forward_options.precision, options);
      break;
    case AttentionMethod::Rollout:
      // each layer's Â streamed over its heads (analysis/methods/streamed_rollout.h)
      for (const AttentionKind kind : {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf}) {
        for (RowMatrix& r : streamed_rollout(result.pass.trace, kind, true, options))
          result.trace.layers(kind).push_back({{std::move(r)}});
      }
      keep_chosen(result.trace, options);
      break;
    case AttentionMethod::Flow:
      for (const AttentionKind kind : {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf}) {
        for (RowMatrix& f : attention_flow(result.pass.trace, kind, options)) {
          LayerAttention layer;
          if (f.size() > 0) layer.heads.push_back(std::move(f));
          result.trace.layers(kind).push_back(std::move(layer));
        }
      }
      break;
  }
  return result;
}

}  // namespace core
