// attnscope-cli COMMAND --help prints that command's lines of the usage text and the shared notes,
// naming every flag the command takes; a usage mistake prints the same lines, not every command's.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_runner.h"

namespace {

using test::CommandResult;
using test::run_cli;
using ::testing::HasSubstr;
using ::testing::Not;

struct CommandFlags {
  std::string command;
  std::vector<std::string> flags;  // every flag the command's Options accept
};

// Copied from each run_… function's Options(…) sets (app/cli_*.cpp). The reading flags may be
// named by the command's [READING] (explained once in the notes).
const std::vector<CommandFlags> commands = {
    {"dump",
     {"--model", "--text", "--source-ids", "--target", "--target-ids", "--out", "--precision", "--memory-budget",
      "--only-layers", "--only-heads", "--format", "--out-dir", "--method", "--attention", "--hide-token", "--top-p",
      "--text-pair", "--pair-filter", "--edit", "--edit-side", "--only-queries", "--no-pe", "--words",
      "--hide-special"}},
    {"heads",
     {"--model", "--text", "--target", "--corpus", "--format", "--window", "--precision", "--memory-budget", "--out",
      "--attention", "--hide-token", "--text-pair", "--no-pe", "--per-sentence", "--words", "--hide-special"}},
    {"lens",
     {"--model", "--text", "--text-pair", "--target", "--top", "--format", "--precision", "--memory-budget", "--no-pe"}},
    {"qk",
     {"--model", "--text", "--text-pair", "--target", "--layer", "--head", "--query", "--attention", "--format",
      "--memory-budget", "--no-pe"}},
    {"qk-map",
     {"--model", "--corpus", "--layer", "--head", "--attention", "--max-points", "--out", "--memory-budget", "--no-pe",
      "--normalise"}},
    {"search",
     {"--model", "--corpus", "--layer", "--head", "--heads", "--token", "--limit", "--attention", "--format",
      "--memory-budget", "--from", "--to", "--top-key", "--no-pe"}},
    {"ablate",
     {"--model", "--text", "--target", "--heads", "--top", "--format", "--precision", "--memory-budget", "--method",
      "--hide-token", "--top-p", "--text-pair", "--pair-filter", "--no-pe", "--words", "--hide-special"}},
    {"diff",
     {"--model", "--text", "--target", "--edit", "--edit-side", "--compare-text", "--compare-target",
      "--compare-model", "--top", "--format", "--out", "--out-dir", "--precision", "--memory-budget", "--method",
      "--hide-token", "--top-p", "--text-pair", "--pair-filter", "--compare-pe", "--words", "--hide-special"}},
    {"render",
     {"--model", "--text", "--target", "--view", "--attention", "--layer", "--head", "--out", "--dpi", "--width",
      "--height", "--hide-token", "--top-p", "--text-pair", "--pair-filter", "--memory-budget", "--method", "--no-pe",
      "--words", "--hide-special"}},
};

bool is_reading_flag(const std::string& flag) {
  return flag == "--words" || flag == "--hide-special" || flag == "--hide-token" || flag == "--top-p";
}

// The command's own lines: after the "usage:" line, up to the blank line before the notes.
std::string command_lines(const std::string& help) {
  const std::size_t start = help.find("\n\n");
  if (start == std::string::npos) return {};
  const std::size_t end = help.find("\n\n", start + 2);
  return help.substr(start + 2, end == std::string::npos ? std::string::npos : end - start - 2);
}

TEST(CliUsage, EveryCommandsHelpNamesEveryFlagItTakes) {
  for (const CommandFlags& entry : commands) {
    for (const std::string& help_flag : {std::string("--help"), std::string("-h")}) {
      const CommandResult result = run_cli(entry.command + " " + help_flag);
      ASSERT_EQ(result.status, 0) << entry.command << ": " << result.all();
      EXPECT_EQ(result.output.rfind("usage: attnscope-cli " + entry.command + " [OPTIONS]", 0), 0u) << result.output;
      const std::string lines = command_lines(result.output);
      EXPECT_EQ(lines.rfind("  " + entry.command + " --model", 0), 0u) << lines;
      EXPECT_THAT(lines, Not(HasSubstr("  generate --model"))) << entry.command;
      for (const std::string& flag : entry.flags) {
        const bool named = lines.find(flag) != std::string::npos ||
                           (is_reading_flag(flag) && lines.find("[READING]") != std::string::npos);
        EXPECT_TRUE(named) << entry.command << " --help does not name " << flag << ":\n" << lines;
      }
    }
  }
  // the notes explain METHOD and READING once, for every command
  const CommandResult ablate = run_cli("ablate --model x --help");
  EXPECT_EQ(ablate.status, 0) << ablate.all();
  EXPECT_THAT(ablate.output, HasSubstr("METHOD      raw"));
  EXPECT_THAT(ablate.output, HasSubstr("READING     [--words] [--hide-special] [--hide-token T] [--top-p P]"));
}

TEST(CliUsage, AMistakePrintsThatCommandsLinesOnly) {
  const CommandResult result = run_cli("lens --top 0");
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.errors, HasSubstr("attnscope-cli: --top takes one number ≥ 1\n\nusage: attnscope-cli lens"));
  EXPECT_THAT(result.errors, HasSubstr("  lens --model DIR --text TEXT"));
  EXPECT_THAT(result.errors, Not(HasSubstr("  train --task")));
  // no command, or one that does not exist: the whole text
  const CommandResult unknown = run_cli("lense --top 0");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.errors, HasSubstr("unknown command \"lense\""));
  EXPECT_THAT(unknown.errors, HasSubstr("  train --task"));
  const CommandResult all = run_cli("--help");
  EXPECT_EQ(all.status, 0);
  EXPECT_THAT(all.output, HasSubstr("  train --task"));
  EXPECT_THAT(all.output, HasSubstr("  render --model"));
}

}  // namespace
