// attnscope-cli: the command-line front end for scripts and exact numbers.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "cli_ablate.h"
#include "cli_bench.h"
#include "cli_commands.h"
#include "cli_diff.h"
#include "cli_heads.h"
#include "cli_lens.h"
#include "cli_tokenize.h"
#include "cli_why.h"
#include "cli_options.h"
#include "cli_usage.h"
#ifdef ATTNSCOPE_CLI_RENDER
#include "cli_render.h"
#endif
#include "tensor/errors.h"
#include "tensor/memory_reuse.h"

int main(int argc, char** argv) {
  core::keep_freed_memory_for_reuse();  // each pass reuses the last one's pages (memory_reuse.h)
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty() || arguments.front() == "--help" || arguments.front() == "-h") {
    std::cout << cli::usage_text();
    return arguments.empty() ? 2 : 0;
  }
  const std::string command = arguments.front();
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  // the command's own lines: "COMMAND --help", and after a mistake in how COMMAND was called
  const std::string command_usage = cli::command_usage(command);
  const std::string& usage = command_usage.empty() ? cli::usage_text() : command_usage;
  const bool help = std::find_if(rest.begin(), rest.end(), [](const std::string& argument) {
                      return argument == "--help" || argument == "-h";
                    }) != rest.end();
  if (help && !command_usage.empty()) {
    std::cout << command_usage;
    return 0;
  }
  try {
    if (command == "info") return cli::run_info(rest, std::cout);
    if (command == "dump") return cli::run_dump(rest, std::cout);
    if (command == "tokenize") return cli::run_tokenize(rest, std::cout);
    if (command == "generate") return cli::run_generate(rest, std::cout);
    if (command == "train") return cli::run_train(rest, std::cout);
    if (command == "eval") return cli::run_eval(rest, std::cout);
    if (command == "corpus") return cli::run_corpus(rest, std::cout);
    if (command == "bench") return cli::run_bench(rest, std::cout);
    if (command == "heads") return cli::run_heads(rest, std::cout);
    if (command == "lens") return cli::run_lens(rest, std::cout);
    if (command == "qk") return cli::run_qk(rest, std::cout);
    if (command == "qk-map") return cli::run_qk_map(rest, std::cout);
    if (command == "search") return cli::run_search(rest, std::cout);
    if (command == "ablate") return cli::run_ablate(rest, std::cout);
    if (command == "diff") return cli::run_diff(rest, std::cout);
#ifdef ATTNSCOPE_CLI_RENDER
    if (command == "render") return cli::run_render(rest, std::cout);
#else
    if (command == "render") throw std::runtime_error("render needs the GUI build (ATTNSCOPE_BUILD_GUI=ON)");
#endif
    throw cli::UsageError("unknown command \"" + command + "\"");
  } catch (const cli::UsageError& error) {
    std::cerr << "attnscope-cli: " << error.what() << "\n\n" << usage;
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "attnscope-cli: error: " << error.what() << '\n';
    return 1;
  }
}
