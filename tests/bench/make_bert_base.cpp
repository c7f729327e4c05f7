// make_bert_base: writes a BERT-base-shaped model folder with random weights (bert_model.h), so the
// benchmarks and tests/bench/compare_hf.py exercise the real loader on a 440 MB checkpoint.
//
//   make_bert_base OUT_DIR [--layers 12] [--d-model 768] [--heads 12] [--d-ff 3072] [--vocab 30522]
//                  [--positions 512] [--bf16]
#include <exception>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "bert_model.h"

namespace {

int parse_int(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  const int value = std::stoi(text, &used);
  if (used != text.size() || value <= 0) throw std::invalid_argument(flag + " needs a positive integer");
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    if (arguments.empty() || arguments.front().rfind("--", 0) == 0) {
      std::cerr << "usage: make_bert_base OUT_DIR [--layers N] [--d-model N] [--heads N] [--d-ff N] [--vocab N]"
                   " [--positions N] [--bf16]\n";
      return 2;
    }
    bench::BertShape shape;
    const std::map<std::string, int*> flags = {{"--layers", &shape.layers}, {"--d-model", &shape.d_model},
                                               {"--heads", &shape.heads},   {"--d-ff", &shape.d_ff},
                                               {"--vocab", &shape.vocab},   {"--positions", &shape.positions}};
    for (std::size_t i = 1; i < arguments.size(); i += 2) {
      if (arguments[i] == "--bf16") {
        shape.bf16 = true;
        --i;  // a switch: no value follows
        continue;
      }
      const auto flag = flags.find(arguments[i]);
      if (flag == flags.end() || i + 1 >= arguments.size()) {
        throw std::invalid_argument("unknown option or missing value: " + arguments[i]);
      }
      *flag->second = parse_int(arguments[i], arguments[i + 1]);
    }
    bench::write_bert_model(arguments.front(), shape);
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "make_bert_base: " << error.what() << '\n';
    return 1;
  }
}
