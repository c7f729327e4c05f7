#include "analysis/methods/recorded_pass.h"

namespace core {

std::vector<AttentionKind> model_attention_kinds(const ModelSpec& spec) {
  std::vector<AttentionKind> kinds;
  for (const AttentionKind kind :
       {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::DecoderCross}) {
    if (spec.layers(kind) > 0) kinds.push_back(kind);
  }
  return kinds;
}

ForwardResult recorded_pass(const Model& model, std::span<const int> source_ids, std::span<const int> target_ids,
                            const ForwardOptions& forward_options, const MethodOptions& options) {
  ForwardOptions pass = forward_options;
  for (const AttentionKind kind : model_attention_kinds(model.spec())) {
    for (const int layer : chosen_layers(options, model.spec().layers(kind), to_string(kind))) {
      pass.record.push_back({kind, layer});
    }
  }
  return forward(model, source_ids, target_ids, pass);
}

}  // namespace core
