#pragma once
// Progress and cancel for the module's long calls (a corpus's head metrics, corpus search, value
// zeroing, flow): the core computes without the GIL and calls back after each unit of work; the
// hook takes the GIL for that moment, lets Python run its signal handlers (Ctrl+C raises
// KeyboardInterrupt there, PyErr_CheckSignals) and calls the notebook's progress(done, total).
// Any of these stops the work:
//   progress returns False            → attnscope.Cancelled
//   progress raises                   → that exception
//   Ctrl+C (SIGINT) during the call   → KeyboardInterrupt
// The core gives up at its next report (core::Cancelled, or a corpus run that stops early), and
// run() raises the Python exception once the GIL is back. Without a progress callable the hook
// still checks for Ctrl+C.
//
//   ProgressHook hook(progress);                     // GIL held
//   result = run_cancellable(hook, [&] { return core::search_corpus(…, hook.fraction(total)); });

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include <pybind11/pybind11.h>

#include "analysis/methods/method_options.h"
#include "tensor/errors.h"

namespace attnscope_python {

class ProgressHook {
 public:
  // callback: progress(done, total) → bool or None (None goes on), or none. GIL held.
  explicit ProgressHook(std::optional<pybind11::function> callback);
  ~ProgressHook();
  ProgressHook(const ProgressHook&) = delete;
  ProgressHook& operator=(const ProgressHook&) = delete;

  // For the core, from any thread, without the GIL: false once the work is to stop.
  // counts: done of total units (lines of a corpus).
  std::function<bool(int done, int total)> counts() const;
  // fraction: the core's share done in [0, 1], reported as round(fraction · total) of total.
  core::MethodProgress fraction(std::int64_t total) const;
  // Only Ctrl+C (for a forward pass's blocks inside a longer call): never calls the callback.
  std::function<bool(int done, int total)> signals_only() const;

  // Whether the work was asked to stop; from any thread.
  bool stopped() const;
  // Raises what stopped the work: KeyboardInterrupt or the callback's exception as they were
  // raised, else attnscope.Cancelled with message. GIL held.
  [[noreturn]] void raise(const std::string& message) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// work() without the GIL; a stop asked through hook (core::Cancelled, or a run that returned
// early) becomes the Python exception hook.raise gives.
template <typename Work>
auto run_cancellable(const ProgressHook& hook, Work&& work) -> decltype(work()) {
  std::optional<std::string> cancelled;
  try {
    const pybind11::gil_scoped_release unlocked;
    if constexpr (std::is_void_v<decltype(work())>) {
      work();
      if (!hook.stopped()) return;
    } else {
      auto result = work();
      if (!hook.stopped()) return result;
    }
  } catch (const core::Cancelled& error) {
    cancelled = error.what();
  }
  hook.raise(cancelled.value_or("cancelled"));
}

}  // namespace attnscope_python
