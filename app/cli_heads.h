#pragma once
// attnscope-cli heads: every head's metrics and class (core/head_analysis.h), for scripts and checks.

#include <ostream>
#include <string>
#include <vector>

namespace cli {

// heads --model DIR (--text TEXT [--target T] | --corpus FILE) [--format table|csv|json] [--window W] [--no-pe]
//       [--out FILE]
// heads --model DIR --corpus FILE --per-sentence [--format csv|jsonl] [--out FILE]: cli_head_rows.h
int run_heads(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
