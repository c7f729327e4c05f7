#pragma once
// attnscope-cli bench: times opening a model and one forward pass with the full attention trace.

#include <ostream>
#include <string>
#include <vector>

namespace cli {

// bench --model DIR --len N [--threads T] [--repeat R] [--json]
int run_bench(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
