#include "cli_progress.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <utility>

namespace cli {

ProgressLine::ProgressLine(std::string task, std::ostream& out, bool terminal, std::chrono::milliseconds delay)
    : task_(std::move(task)), out_(out), terminal_(terminal), start_(std::chrono::steady_clock::now()), delay_(delay) {}

ProgressLine::ProgressLine(std::string task) : ProgressLine(std::move(task), std::cerr, isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
  // erase the line: the command's own output and messages start on a clean line
  if (drawn_ > 0) out_ << '\r' << std::string(drawn_, ' ') << '\r' << std::flush;
}

void ProgressLine::update(int done, int total, const char* what) {
  if (!terminal_ || total <= 0) return;
  if (std::chrono::steady_clock::now() - start_ < delay_) return;
  // "dump: block 7 of 16 (44%)"
  const std::string line = task_ + ": " + what + " " + std::to_string(done) + " of " + std::to_string(total) + " (" +
                           std::to_string(100 * done / total) + "%)";
  out_ << '\r' << line;
  if (line.size() < drawn_) out_ << std::string(drawn_ - line.size(), ' ');
  out_ << std::flush;
  drawn_ = std::max(drawn_, line.size());
}

std::function<bool(int, int)> ProgressLine::forward_callback() {
  return [this](int done, int total) {
    update(done, total, "block");
    return true;
  };
}

}  // namespace cli
