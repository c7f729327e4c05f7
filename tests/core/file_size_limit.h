#pragma once
// A write that fails part-way, on demand: RLIMIT_FSIZE caps how large a file of this process may
// grow, so write() past the cap fails with EFBIG ("File too large"), as a disk that fills up in
// the middle of a save would. Unlike a read-only folder it also stops root. The kernel sends
// SIGXFSZ too, which would end the process: it is ignored while the limit holds. Both are put
// back when the object goes away. The cap is the process's: standard output redirected to a file
// already past it cannot grow while it holds (ctest's pipes are not capped), so keep the scope to
// the write under test.

#include <sys/resource.h>

#include <csignal>

namespace test {

class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    active_ = ::getrlimit(RLIMIT_FSIZE, &previous_) == 0;
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = previous_;
    limit.rlim_cur = bytes;
    active_ = active_ && ::setrlimit(RLIMIT_FSIZE, &limit) == 0;
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &previous_);
    std::signal(SIGXFSZ, previous_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

  bool active() const { return active_; }

 private:
  rlimit previous_{};
  void (*previous_handler_)(int) = nullptr;
  bool active_ = false;
};

// The same for a command the shell runs: prefix for run_cli_with_environment (cli_runner.h).
// dash's ulimit -f counts 512-byte blocks; an ignored signal stays ignored across exec.
inline const char* file_size_limit_prefix() { return "trap '' XFSZ; ulimit -f 2;"; }  // 1 KiB

}  // namespace test
