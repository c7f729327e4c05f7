#pragma once
// What a training run is asked to do: the model's sizes and the optimiser's settings. Each task
// suggests its own (Task::defaults()); the CLI's flags and the Train panel's controls change them.

#include <cstdint>

#include "training/training_adam.h"

namespace core {

struct TrainingOptions {
  int layers = 2;  // per stack
  int heads = 4;
  int d_model = 64;
  int d_ff = 256;
  int steps = 1000;
  int batch_size = 32;
  AdamSettings adam;
  double dropout = 0.0;
  double label_smoothing = 0.0;
  std::uint64_t seed = 1;
  int threads = 2;  // the batch is split into this many parts, run in parallel
};

}  // namespace core
