// The HuggingFace loaders against what transformers' own slow tokenizers returned: every
// expected*.json under tests/data/peer and tests/data/hf-cases with a text in it, tokens and ids
// exactly. The loader follows tokenizer_config.json's tokenizer_class (case.json's when it names
// one), else config.json's model_type.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "text/tokenizer.h"
#include "text/folder_tokenizer.h"
#include "text/tokenizer_loader.h"

namespace {

using Tokens = std::vector<std::string>;
using Ids = std::vector<int>;

const std::filesystem::path data_dir(ATTNSCOPE_TEST_DATA);

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream stream(file);
  return nlohmann::json::parse(stream);
}

struct SideTokenizers {
  std::shared_ptr<const core::Tokenizer> source;
  std::shared_ptr<const core::Tokenizer> target;
};


// The loader HF would pick (case.json may name the class the case was made with).
SideTokenizers load(const std::filesystem::path& folder) {
  const core::FolderTokenizers tokenizers = core::load_folder_tokenizers(folder);
  return {tokenizers.source, tokenizers.target};
}

// "hf-cases/llama-tiny-gqa/expected-long.json" for every expected*.json that has a text.
std::vector<std::string> expected_files() {
  std::vector<std::string> files;
  for (const char* root : {"peer", "hf-cases"}) {
    if (!std::filesystem::exists(data_dir / root)) continue;
    for (const auto& folder : std::filesystem::directory_iterator(data_dir / root)) {
      if (!folder.is_directory()) continue;
      for (const auto& file : std::filesystem::directory_iterator(folder.path())) {
        const std::string name = file.path().filename().string();
        if (!name.starts_with("expected") || !name.ends_with(".json")) continue;
        const nlohmann::json expected = read_json(file.path());
        // Ids given directly (no text) say nothing about the tokenizer.
        if (!expected.contains("source_text") && !expected.contains("target_text")) continue;
        files.push_back(std::string(root) + "/" + folder.path().filename().string() + "/" + name);
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class HuggingFaceCase : public testing::TestWithParam<std::string> {};

TEST_P(HuggingFaceCase, TokensAndIdsEqualHuggingFace) {
  const std::filesystem::path file = data_dir / GetParam();
  const nlohmann::json expected = read_json(file);
  const SideTokenizers tokenizers = load(file.parent_path());
  for (const auto& [side, tokenizer] : {std::pair{std::string("source"), tokenizers.source}, {"target", tokenizers.target}}) {
    if (!expected.contains(side + "_text")) continue;
    const core::Tokenization t = tokenizer->encode(expected.at(side + "_text").get<std::string>());
    EXPECT_EQ(t.tokens, expected.at(side + "_tokens").get<Tokens>()) << side;
    EXPECT_EQ(t.ids, expected.at(side + "_ids").get<Ids>()) << side;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, HuggingFaceCase, testing::ValuesIn(expected_files()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
