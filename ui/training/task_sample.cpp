#include "task_sample.h"

#include <algorithm>
#include <string>
#include <vector>

#include "training/tasks.h"

namespace ui {

std::optional<QString> taskName(const core::ModelSpec &spec) {
  // Only AttentionScope's own models come from its trainer (a downloaded folder may be named "sort").
  if (spec.family != "attnscope") return std::nullopt;
  const std::vector<std::string> names = core::task_names();
  if (std::find(names.begin(), names.end(), spec.name) == names.end()) return std::nullopt;
  return QString::fromStdString(spec.name);
}

std::optional<QString> taskSampleInput(const core::ModelSpec &spec) {
  if (!taskName(spec)) return std::nullopt;
  const std::vector<core::TaskExample> examples = core::make_task(spec.name)->held_out_examples(1);
  if (examples.empty()) return std::nullopt;
  const core::TaskExample &example = examples.front();
  // Decoder-only tasks (induction) have only a target: the whole sequence is the prompt.
  return QString::fromStdString(example.source.empty() ? example.target : example.source);
}

}  // namespace ui
