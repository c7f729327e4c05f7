#include "tensor/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
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

// How long a thread waits for the next event, yielding its core, before it sleeps. A forward pass
// hands work over every few hundred microseconds, and waking a sleeping thread costs ~45 µs on a
// 2-vCPU VM (48 hand-offs were 2.2 ms of a 21 ms pass at 16 tokens). Each wait step yields
// rather than spins: with the GUI thread painting beside a pass there are more runnable threads
// than cores, and a pure spin kept the pass's own caller off the CPU (a 32-token pass in the app
// went from 1 to 5 ms). It never becomes the busy-waiting pool that made passes 2.5–4× slower.
constexpr auto spin_limit = std::chrono::microseconds(200);

// Waits until done() or spin_limit has passed; true when done() became true.
template <typename Predicate>
bool spin_until(Predicate done) {
  const auto deadline = std::chrono::steady_clock::now() + spin_limit;
  for (;;) {
    for (int i = 0; i < 8; ++i) {
      if (done()) return true;
      std::this_thread::yield();
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
  }
}

// A job's number and part count packed in one word (ThreadPool::job_).
constexpr std::uint64_t part_bits = 7;  // parts ≤ max_threads = 64

constexpr std::uint64_t next_job(std::uint64_t job, int parts) {
  return ((job >> part_bits) + 1) << part_bits | static_cast<std::uint64_t>(parts);
}
constexpr int parts_of(std::uint64_t job) { return static_cast<int>(job & ((1u << part_bits) - 1)); }

// Workers wait for a new job, run their part, and the last one to finish wakes the caller.
// The fast path is atomics and a short spin; the mutex and condition variables are the sleep
// path. Only one job at a time: dispatch_ is held for the whole job.
class ThreadPool {
 public:
  ThreadPool() = default;
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  ~ThreadPool() {
    {
      std::lock_guard lock(mutex_);
      stop_.store(true);
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
      error_ = nullptr;
      remaining_.store(parts - 1);
      job_.store(next_job(job_.load(), parts), std::memory_order_release);
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

    const auto finished = [this] { return remaining_.load(std::memory_order_acquire) == 0; };
    std::unique_lock lock(mutex_, std::defer_lock);
    if (!spin_until(finished)) {
      lock.lock();
      done_.wait(lock, finished);
    } else {
      lock.lock();  // error_ is written under the mutex
    }
    task_ = nullptr;
    if (caller_error) std::rethrow_exception(caller_error);
    if (error_) std::rethrow_exception(error_);
    return true;
  }

 private:
  void grow(int workers) {
    const std::uint64_t job = job_.load();
    // A new worker starts from the current job, so it takes part in the job about to start.
    while (static_cast<int>(workers_.size()) < workers) {
      const int part = static_cast<int>(workers_.size()) + 1;
      workers_.emplace_back([this, part, job] { work(part, job); });
    }
  }

  void work(int part, std::uint64_t seen) {
    inside_task = true;
    const auto news = [&] { return stop_.load() || job_.load(std::memory_order_acquire) != seen; };
    for (;;) {
      if (!spin_until(news)) {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, news);
      }
      if (stop_.load()) return;
      seen = job_.load(std::memory_order_acquire);
      if (part >= parts_of(seen)) continue;  // a job with fewer parts than workers
      std::exception_ptr error;
      try {
        (*task_)(part);
      } catch (...) {
        error = std::current_exception();
      }
      if (error) {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = error;
      }
      if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        // Taking the mutex orders this wake-up after the caller's check in done_.wait.
        { std::lock_guard lock(mutex_); }
        done_.notify_one();
      }
    }
  }

  std::mutex dispatch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<std::thread> workers_;
  // Written before job_ changes (release) and read after the change is seen (acquire).
  const std::function<void(int)>* task_ = nullptr;
  std::atomic<int> remaining_ = 0;
  // A job's number and part count in one word: a worker that sits a job out reads both at once,
  // so it never pairs one job's number with the next job's part count.
  std::atomic<std::uint64_t> job_ = 0;
  std::atomic<bool> stop_ = false;
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
  // About 20 µs of one core's arithmetic. A hand-off itself is ~1 µs, but below this the second
  // core's cold caches cost more than its work saves: at 1 Mi multiply-adds translate-en-zh's
  // 32-token pass took 442 µs on two threads against 380 µs on one (attnscope_bench).
  constexpr double smallest_parallel_job = 1 << 22;
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
