// attnscope-cli: the command-line front end for scripts and exact numbers.
#include <iostream>
#include <string>
#include <vector>

#include "cli_commands.h"
#include "cli_options.h"
#include "errors.h"

namespace {

constexpr const char* usage = R"(usage: attnscope-cli COMMAND [OPTIONS]

commands:
  info MODEL_DIR                      architecture, parameter and tensor counts
  dump --model DIR (--text TEXT | --source-ids 1,2,3) [--target TEXT | --target-ids 1,2]
       [--no-pe] [--out FILE]         every attention matrix and the last logits, as JSON
  generate --model DIR --text TEXT [--max-tokens N] [--no-pe]
                                      greedy output
)";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  if (arguments.empty() || arguments.front() == "--help" || arguments.front() == "-h") {
    std::cout << usage;
    return arguments.empty() ? 2 : 0;
  }
  const std::string command = arguments.front();
  const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
  try {
    if (command == "info") return cli::run_info(rest, std::cout);
    if (command == "dump") return cli::run_dump(rest, std::cout);
    if (command == "generate") return cli::run_generate(rest, std::cout);
    throw cli::UsageError("unknown command \"" + command + "\"");
  } catch (const cli::UsageError& error) {
    std::cerr << "attnscope-cli: " << error.what() << "\n\n" << usage;
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "attnscope-cli: error: " << error.what() << '\n';
    return 1;
  }
}
