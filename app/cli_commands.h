#pragma once
// The subcommands of attnscope-cli. Each returns the process exit status and writes its result
// to out; problems are thrown (core::LoadError, core::InputError, cli::UsageError).

#include <ostream>
#include <string>
#include <vector>

namespace cli {

int run_info(const std::vector<std::string>& arguments, std::ostream& out);
int run_dump(const std::vector<std::string>& arguments, std::ostream& out);
int run_generate(const std::vector<std::string>& arguments, std::ostream& out);
// cli_train.cpp
int run_train(const std::vector<std::string>& arguments, std::ostream& out);
int run_eval(const std::vector<std::string>& arguments, std::ostream& out);
// cli_corpus.cpp
int run_corpus(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
