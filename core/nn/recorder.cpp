#include "nn/recorder.h"

#include <algorithm>
#include <utility>

namespace core {

bool Recorder::wants(AttentionKind kind, int layer) const {
  return all_ || std::find(wanted_.begin(), wanted_.end(), Key{kind, layer}) != wanted_.end();
}

Recorder::Step& Recorder::slot(AttentionKind kind, int layer, const std::string& name) {
  for (Step& step : steps_) {
    if (step.key == Key{kind, layer} && step.name == name) return step;
  }
  return steps_.emplace_back(Step{Key{kind, layer}, name, {}, {}});
}

const Recorder::Step* Recorder::lookup(AttentionKind kind, int layer, const std::string& name) const {
  for (const Step& step : steps_) {
    if (step.key == Key{kind, layer} && step.name == name) return &step;
  }
  return nullptr;
}

void Recorder::record(AttentionKind kind, int layer, const std::string& name, RowMatrix value) {
  if (wants(kind, layer)) slot(kind, layer, name).value = std::move(value);
}

void Recorder::record_heads(AttentionKind kind, int layer, const std::string& name, std::vector<RowMatrix> values) {
  if (heads_ && wants(kind, layer)) slot(kind, layer, name).heads = std::move(values);
}

const RowMatrix* Recorder::find(AttentionKind kind, int layer, const std::string& name) const {
  const Step* step = lookup(kind, layer, name);
  return step != nullptr && step->heads.empty() ? &step->value : nullptr;
}

const std::vector<RowMatrix>* Recorder::find_heads(AttentionKind kind, int layer, const std::string& name) const {
  const Step* step = lookup(kind, layer, name);
  return step != nullptr && !step->heads.empty() ? &step->heads : nullptr;
}

std::vector<std::string> Recorder::names(AttentionKind kind, int layer) const {
  std::vector<std::string> found;
  for (const Step& step : steps_) {
    if (step.key == Key{kind, layer}) found.push_back(step.name);
  }
  return found;
}

}  // namespace core
