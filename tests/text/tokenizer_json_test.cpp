// tokenizer.json in full: every real file in tests/data/tokenizers reproduces the reference ids
// (tests/data/tokenizers/README.md), with and without special tokens.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "text/tokenizer.h"
#include "text/tokenizer_loader.h"

namespace {

using Tokens = std::vector<std::string>;
using Ids = std::vector<int>;

const std::filesystem::path data_dir(ATTNSCOPE_TEST_DATA);

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream stream(file);
  return nlohmann::json::parse(stream);
}

std::vector<std::string> folders_with(const std::filesystem::path& root, const std::string& file) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (std::filesystem::exists(entry.path() / file)) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class RealTokenizerJson : public testing::TestWithParam<std::string> {};

TEST_P(RealTokenizerJson, ReproducesEveryReferenceCase) {
  const std::filesystem::path folder = data_dir / "tokenizers" / GetParam();
  const auto tokenizer = core::load_tokenizer_json(folder);
  const nlohmann::json cases = read_json(folder / "expected.json").at("cases");
  ASSERT_FALSE(cases.empty());
  int passed = 0;
  for (const nlohmann::json& c : cases) {
    const std::string text = c.at("text");
    const core::Tokenization with = tokenizer->encode(text);
    const core::Tokenization without = tokenizer->encode(text, false);
    EXPECT_EQ(with.ids, c.at("ids").get<Ids>()) << text;
    EXPECT_EQ(with.tokens, c.at("tokens").get<Tokens>()) << text;
    EXPECT_EQ(without.ids, c.at("ids_no_special").get<Ids>()) << text;
    EXPECT_EQ(without.tokens, c.at("tokens_no_special").get<Tokens>()) << text;
    passed += with.ids == c.at("ids").get<Ids>() && without.ids == c.at("ids_no_special").get<Ids>();
  }
  std::cout << GetParam() << ": " << passed << "/" << cases.size() << " cases\n";
}

INSTANTIATE_TEST_SUITE_P(Tokenizers, RealTokenizerJson,
                         testing::ValuesIn(folders_with(data_dir / "tokenizers", "expected.json")),
                         [](const testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
