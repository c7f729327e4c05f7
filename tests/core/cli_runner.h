#pragma once
// Runs the attnscope-cli binary the build produced (ATTNSCOPE_CLI) the way a script would, so
// tests check exit status, standard output and standard error separately.

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace test {

struct CommandResult {
  int status = -1;
  std::string output;  // standard output
  std::string errors;  // standard error

  std::string all() const { return output + errors; }
};

// 'text' for the shell, whatever text holds.
inline std::string shell_quoted(const std::string& text) {
  std::string escaped = "'";
  for (const char c : text) escaped += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return escaped + "'";
}

// environment: "NAME=value …" assignments for this command only (the shell's prefix form), or "".
inline CommandResult run_cli_with_environment(const std::string& environment, const std::string& arguments) {
  static int calls = 0;
  const std::filesystem::path errors_file =
      std::filesystem::temp_directory_path() /
      ("attnscope-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++calls) + ".err");
  const std::string command = (environment.empty() ? "" : environment + " ") + shell_quoted(ATTNSCOPE_CLI) + " " +
                              arguments + " 2>" + shell_quoted(errors_file.string());
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  while (const std::size_t count = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
    result.output.append(buffer.data(), count);
  }
  const int status = pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.status = WEXITSTATUS(status);
  std::ifstream stream(errors_file);
  result.errors.assign(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
  stream.close();
  std::filesystem::remove(errors_file);
  return result;
}

inline CommandResult run_cli(const std::string& arguments) { return run_cli_with_environment("", arguments); }

}  // namespace test
