#pragma once
// The progress line of a long command (dump, heads, generate, bench): written to standard error
// only when it is a terminal, only once the work has run longer than ~0.3 s (short commands stay
// quiet), rewritten in place with '\r' and erased when the work ends, so piped output and logs
// never see it:
//   dump: block 7 of 16 (44%)

#include <chrono>
#include <functional>
#include <ostream>
#include <string>

namespace cli {

class ProgressLine {
 public:
  // task: the command's name; terminal: whether out is a terminal (nothing is written otherwise);
  // delay: how long the work runs before the line appears.
  ProgressLine(std::string task, std::ostream& out, bool terminal,
               std::chrono::milliseconds delay = std::chrono::milliseconds(300));
  // The line on standard error, when it is a terminal (isatty).
  explicit ProgressLine(std::string task);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // done of total units (what: "block", "token", "head") have finished.
  void update(int done, int total, const char* what);
  // For core::ForwardOptions::progress: blocks of the pass; never cancels.
  std::function<bool(int, int)> forward_callback();

 private:
  std::string task_;
  std::ostream& out_;
  bool terminal_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::milliseconds delay_;
  std::size_t drawn_ = 0;  // characters of the line on screen; 0: nothing drawn
};

}  // namespace cli
