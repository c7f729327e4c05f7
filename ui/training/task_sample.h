#pragma once
// A sample input for a model trained on a built-in task (reverse, sort, translate-en-zh,
// induction): the task's first held-out example, so opening `models/reverse` shows digits the
// model knows instead of an English sentence that is all <unk>.

#include <optional>

#include <QString>

#include "model/model_spec.h"

namespace ui {

// The model names its task (the trainer writes the task's name into config.json); nothing for
// any other model.
std::optional<QString> taskName(const core::ModelSpec &spec);
// The task's sample text: the encoder's input, or a decoder-only model's prompt.
std::optional<QString> taskSampleInput(const core::ModelSpec &spec);

}  // namespace ui
