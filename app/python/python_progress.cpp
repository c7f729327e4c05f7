#include "python_progress.h"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace py = pybind11;

namespace attnscope_python {

struct ProgressHook::State {
  std::optional<py::function> callback;  // touched only with the GIL held
  std::mutex mutex;                      // guards stopped and error
  bool stopped = false;
  std::optional<py::error_already_set> error;  // KeyboardInterrupt or the callback's exception

  // The GIL is not held on entry. False once the work is to stop.
  bool report(long long done, long long total, bool call_back) {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      if (stopped) return false;
    }
    const py::gil_scoped_acquire locked;
    try {
      // Ctrl+C: Python's SIGINT handler has only set a flag; running it raises KeyboardInterrupt
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
      if (!call_back || !callback) return true;
      const py::object answer = (*callback)(done, total);
      if (answer.is_none()) return true;
      const int truth = PyObject_IsTrue(answer.ptr());
      if (truth < 0) throw py::error_already_set();
      if (truth == 0) {
        const std::lock_guard<std::mutex> lock(mutex);
        stopped = true;
        return false;
      }
      return true;
    } catch (py::error_already_set& raised) {
      const std::lock_guard<std::mutex> lock(mutex);
      stopped = true;
      error.emplace(raised);
      return false;
    }
  }
};

ProgressHook::ProgressHook(std::optional<py::function> callback) : state_(std::make_shared<State>()) {
  state_->callback = std::move(callback);
}

ProgressHook::~ProgressHook() {
  // The GIL is held here; a copy of a callback the core kept must not outlive it holding Python.
  state_->callback.reset();
}

std::function<bool(int, int)> ProgressHook::counts() const {
  return [state = state_](int done, int total) { return state->report(done, total, true); };
}

core::MethodProgress ProgressHook::fraction(std::int64_t total) const {
  return [state = state_, total](double fraction) {
    // done = round(fraction · total)
    const auto done = static_cast<long long>(std::llround(std::clamp(fraction, 0.0, 1.0) * static_cast<double>(total)));
    return state->report(done, total, true);
  };
}

std::function<bool(int, int)> ProgressHook::signals_only() const {
  return [state = state_](int done, int total) { return state->report(done, total, false); };
}

bool ProgressHook::stopped() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->stopped;
}

void ProgressHook::raise(const std::string& message) const {
  std::optional<py::error_already_set> error;
  {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    error = state_->error;
  }
  if (error) throw *error;
  const py::object type = py::module_::import("attnscope").attr("Cancelled");
  PyErr_SetString(type.ptr(), message.c_str());
  throw py::error_already_set();
}

}  // namespace attnscope_python
