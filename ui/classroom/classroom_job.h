#pragma once
// The Classroom pages compute their forward passes (walkthrough, Add & Norm, permutation demo)
// on the JobRunner, each on its own lane; an input the lecture step cannot use comes back as the
// core::InputError's message instead of a value.

#include <optional>
#include <utility>

#include <QString>

#include "job_runner.h"
#include "tensor/errors.h"

namespace ui {

template <typename T>
struct ClassroomOutcome {
  std::optional<T> value;
  QString error;  // set when value is empty
};

// compute() runs on the lane's thread; deliver(outcome) on the GUI thread, for the newest job only.
template <typename Compute, typename Deliver>
void runClassroomJob(JobRunner *runner, JobLane lane, const QObject *receiver, Compute compute, Deliver deliver) {
  runner->submit(
      lane, receiver,
      [compute = std::move(compute)](const JobContext &) {
        ClassroomOutcome<decltype(compute())> outcome;
        try {
          outcome.value = compute();
        } catch (const core::InputError &e) {
          outcome.error = QString::fromStdString(e.what());
        }
        return outcome;
      },
      std::move(deliver));
}

}  // namespace ui
