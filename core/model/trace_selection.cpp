#include "model/trace_selection.h"

#include <numeric>

namespace core {

namespace {

constexpr AttentionKind kinds[] = {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::DecoderCross};

}  // namespace

std::vector<int> selected_indices(const std::vector<int>& chosen, int count) {
  if (count == 0) return {};  // a kind of attention the model lacks: nothing to keep
  if (!chosen.empty()) return chosen;
  std::vector<int> all(static_cast<std::size_t>(count));
  std::iota(all.begin(), all.end(), 0);
  return all;
}

std::optional<std::string> layer_selection_problem(const std::vector<int>& layers, const ModelSpec& spec) {
  for (const AttentionKind kind : kinds) {
    const int count = spec.layers(kind);
    if (count == 0) continue;
    for (const int layer : layers) {
      if (layer < 0 || layer >= count) {
        return "layer " + std::to_string(layer) + ": the " + to_string(kind) + " attention has layers 0.." +
               std::to_string(count - 1);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> head_selection_problem(const std::vector<int>& heads, const ModelSpec& spec) {
  for (const AttentionKind kind : kinds) {
    for (int layer = 0; layer < spec.layers(kind); ++layer) {
      const int count = spec.attention(kind, layer).heads;
      for (const int head : heads) {
        if (head < 0 || head >= count) {
          return "head " + std::to_string(head) + ": " + to_string(kind) + " layer " + std::to_string(layer) +
                 " has heads 0.." + std::to_string(count - 1);
        }
      }
    }
  }
  return std::nullopt;
}

AttentionTrace select_trace(const AttentionTrace& trace, const TraceSelection& selection) {
  AttentionTrace selected;
  for (const AttentionKind kind : kinds) {
    for (const int l : selected_indices(selection.layers, trace.layer_count(kind))) {
      LayerAttention kept;
      // an on-demand trace computes the kept heads only
      for (const int h : selected_indices(selection.heads, trace.head_count(kind, l))) {
        kept.heads.push_back(trace.attention(kind, l, h));
      }
      selected.layers(kind).push_back(std::move(kept));
    }
  }
  return selected;
}

}  // namespace core
