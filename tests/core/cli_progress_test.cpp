// The command line's progress line (app/cli_progress.h): drawn only on a terminal and only after
// its delay, rewritten in place, erased at the end; never seen by a pipe or a log.
#include <gtest/gtest.h>

#include <sstream>

#include "cli_progress.h"

namespace {

using std::chrono::milliseconds;

TEST(ProgressLine, OnATerminalItIsRewrittenInPlaceAndErased) {
  std::ostringstream out;
  {
    cli::ProgressLine line("dump", out, true, milliseconds(0));
    line.update(1, 4, "block");
    line.update(2, 4, "block");
    EXPECT_EQ(out.str(), "\rdump: block 1 of 4 (25%)\rdump: block 2 of 4 (50%)");
  }
  const std::string erased = "\r" + std::string(std::string("dump: block 2 of 4 (50%)").size(), ' ') + "\r";
  EXPECT_EQ(out.str().substr(out.str().size() - erased.size()), erased);
}

TEST(ProgressLine, APipeOrAShortTaskSeesNothing) {
  std::ostringstream piped;
  {
    cli::ProgressLine line("heads", piped, false, milliseconds(0));
    line.update(1, 2, "block");
  }
  EXPECT_EQ(piped.str(), "") << "not a terminal";
  std::ostringstream quick;
  {
    cli::ProgressLine line("heads", quick, true, milliseconds(60000));
    line.update(1, 2, "block");
  }
  EXPECT_EQ(quick.str(), "") << "done before the delay";
}

TEST(ProgressLine, TheForwardCallbackCountsBlocksAndNeverCancels) {
  std::ostringstream out;
  cli::ProgressLine line("bench", out, true, milliseconds(0));
  const auto callback = line.forward_callback();
  EXPECT_TRUE(callback(3, 16));
  EXPECT_EQ(out.str(), "\rbench: block 3 of 16 (18%)");
}

}  // namespace
