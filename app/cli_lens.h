#pragma once
// attnscope-cli lens: the logit lens (core/analysis/methods/logit_lens.h), the prediction read
// from every layer's residual stream at every position.

#include <ostream>
#include <string>
#include <vector>

namespace cli {

// lens --model DIR --text TEXT [--text-pair B] [--target T] [--top K] [--format table|json] [--no-pe]
//      [--precision exact|fast] [--memory-budget SIZE]
int run_lens(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
