#pragma once
// attnscope-cli tokenize: a folder's tokenizer on a text, as ids and tokens.

#include <ostream>
#include <string>
#include <vector>

namespace cli {

int run_tokenize(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace cli
