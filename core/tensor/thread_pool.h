#pragma once
// The forward pass's threads. One persistent pool whose workers wait up to 200 µs for the next job,
// yielding their core at every step, then sleep on a condition variable: a pass hands work over
// every few hundred microseconds, and waking a sleeping thread costs ~45 µs, while two pools that
// busy-wait for good on two cores (an OpenMP pool beside Qt's or a BLAS's) made passes 2.5–4×
// slower. The work is split by hand — a linear layer's output columns, attention's heads — into
// at most current_threads() parts, part 0 on the calling thread.

#include <functional>

namespace core {

// Threads a forward pass uses when ForwardOptions::threads is 0: the hardware's, at most 2.
int default_threads();

// The calling thread's budget for parallel_for: default_threads() unless a ScopedThreads is active.
int current_threads();

// How many parts to split a job of this many multiply-adds into: current_threads(), or 1 when the
// job is too small for a second core to pay off.
int parts_for(double multiply_adds);

// Sets the calling thread's budget for its lifetime (forward() holds one per pass).
// threads ≤ 0 means default_threads().
class ScopedThreads {
 public:
  explicit ScopedThreads(int threads);
  ~ScopedThreads();
  ScopedThreads(const ScopedThreads&) = delete;
  ScopedThreads& operator=(const ScopedThreads&) = delete;

 private:
  int previous_;
};

// Runs task(i) for every i in [0, parts) and returns when all have finished; part 0 runs on the
// calling thread. Parallel when parts > 1 and the shared pool is free; otherwise (another thread's
// pass holds the pool, or this is already inside a task) every part runs on the calling thread, so
// concurrent forward passes stay correct, only slower. An exception from a task is rethrown here.
void parallel_for(int parts, const std::function<void(int)>& task);

}  // namespace core
