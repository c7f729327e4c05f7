#include "thread_pool.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace core {

namespace {

constexpr int max_threads = 64;

thread_local int thread_budget = 0;     // 0: default_threads()
thread_local bool inside_task = false;  // nested parallel_for calls run serially

// Workers wait on wake_ for a new generation, run their part, and the last one to finish
// signals done_. Only one job at a time: dispatch_ is held for the whole job.
class ThreadPool {
 public:
  ThreadPool() = default;
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  ~ThreadPool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

  // False, without running anything, when another thread's job holds the pool.
  bool try_run(int parts, const std::function<void(int)>& task) {
    std::unique_lock dispatch(dispatch_, std::try_to_lock);
    if (!dispatch.owns_lock()) return false;
    grow(parts - 1);
    {
      std::lock_guard lock(mutex_);
      task_ = &task;
      parts_ = parts;
      remaining_ = parts - 1;
      error_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();

    std::exception_ptr caller_error;
    inside_task = true;
    try {
      task(0);
    } catch (...) {
      caller_error = std::current_exception();
    }
    inside_task = false;

    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return remaining_ == 0; });
    task_ = nullptr;
    if (caller_error) std::rethrow_exception(caller_error);
    if (error_) std::rethrow_exception(error_);
    return true;
  }

 private:
  void grow(int workers) {
    std::uint64_t generation = 0;
    {
      std::lock_guard lock(mutex_);
      generation = generation_;
    }
    // A new worker starts from the current generation, so it takes part in the job about to start.
    while (static_cast<int>(workers_.size()) < workers) {
      const int part = static_cast<int>(workers_.size()) + 1;
      workers_.emplace_back([this, part, generation] { work(part, generation); });
    }
  }

  void work(int part, std::uint64_t seen) {
    inside_task = true;
    for (;;) {
      const std::function<void(int)>* task = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        if (part >= parts_) continue;  // a job with fewer parts than workers
        task = task_;
      }
      std::exception_ptr error;
      try {
        (*task)(part);
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard lock(mutex_);
      if (error && !error_) error_ = error;
      if (--remaining_ == 0) done_.notify_one();
    }
  }

  std::mutex dispatch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<std::thread> workers_;
  const std::function<void(int)>* task_ = nullptr;
  int parts_ = 0;
  int remaining_ = 0;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

ThreadPool& shared_pool() {
  static ThreadPool pool;
  return pool;
}

}  // namespace

int default_threads() {
  // Two threads already reach the memory-bandwidth floor for short inputs and leave the GUI's own
  // threads room on small machines; ForwardOptions::threads asks for more.
  const unsigned hardware = std::thread::hardware_concurrency();
  return std::clamp(static_cast<int>(hardware), 1, 2);
}

int current_threads() { return thread_budget > 0 ? thread_budget : default_threads(); }

int parts_for(double multiply_adds) {
  // About 5 µs of one core's arithmetic: below this a hand-off costs more than it saves.
  constexpr double smallest_parallel_job = 1 << 20;
  return multiply_adds < smallest_parallel_job ? 1 : current_threads();
}

ScopedThreads::ScopedThreads(int threads) : previous_(thread_budget) {
  thread_budget = threads > 0 ? std::min(threads, max_threads) : 0;
}

ScopedThreads::~ScopedThreads() { thread_budget = previous_; }

void parallel_for(int parts, const std::function<void(int)>& task) {
  if (parts > 1 && parts <= max_threads && !inside_task && shared_pool().try_run(parts, task)) return;
  for (int part = 0; part < parts; ++part) task(part);
}

}  // namespace core
