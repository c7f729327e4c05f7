#pragma once
// attnscope-cli qk, qk-map and search: why a head attends (core/analysis/why/, docs/methods.md).

#include <ostream>
#include <string>
#include <vector>

namespace cli {

// qk --model DIR --text TEXT [--target T] --layer L --head H --query I [--attention KIND]
//    [--format table|json] [--no-pe] [--memory-budget SIZE]
int run_qk(const std::vector<std::string>& arguments, std::ostream& out);

// qk-map --model DIR --corpus FILE --layer L --head H [--attention KIND] [--max-points N] [--out FILE]
//        [--no-pe] [--memory-budget SIZE]: CSV sentence,line,position,token,kind,x,y
int run_qk_map(const std::vector<std::string>& arguments, std::ostream& out);

// search --model DIR --corpus FILE --layer L --head H --token T [--from|--to|--top-key] [--limit N]
//        [--attention KIND] [--format table|csv|jsonl] [--no-pe] [--memory-budget SIZE]
int run_search(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
