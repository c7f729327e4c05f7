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

std::string string_at(const std::filesystem::path& file, const char* key) {
  if (!std::filesystem::exists(file)) return "";
  const nlohmann::json json = read_json(file);
  return json.contains(key) && json.at(key).is_string() ? json.at(key).get<std::string>() : "";
}

// "LlamaTokenizerFast" → "llama"-style family names shared with config.json's model_type.
std::string family_of(const std::filesystem::path& folder) {
  std::string name = string_at(folder / "case.json", "tokenizer_class");
  if (name.empty()) name = string_at(folder / "tokenizer_config.json", "tokenizer_class");
  if (name.ends_with("Fast")) name.resize(name.size() - 4);
  static const std::map<std::string, std::string> by_class = {
      {"LlamaTokenizer", "llama"},   {"GemmaTokenizer", "gemma"},    {"T5Tokenizer", "t5"},
      {"XLMRobertaTokenizer", "xlm-roberta"}, {"RobertaTokenizer", "roberta"}, {"Qwen2Tokenizer", "qwen2"},
      {"GPT2Tokenizer", "gpt2"},     {"GPTNeoXTokenizer", "gpt2"},   {"BloomTokenizer", "gpt2"},
      {"BertTokenizer", "bert"},     {"DistilBertTokenizer", "bert"}, {"BartTokenizer", "bart"},
      {"MarianTokenizer", "marian"}};
  if (const auto found = by_class.find(name); found != by_class.end()) return found->second;
  return string_at(folder / "config.json", "model_type");
}

SideTokenizers load(const std::filesystem::path& folder) {
  const std::string family = family_of(folder);
  const auto both = [](std::shared_ptr<const core::Tokenizer> tokenizer) { return SideTokenizers{tokenizer, tokenizer}; };
  if (family == "llama" || family == "mistral") return both(core::load_llama_tokenizer(folder));
  if (family == "gemma" || family == "gemma2") return both(core::load_gemma_tokenizer(folder));
  if (family == "t5") return both(core::load_t5_tokenizer(folder));
  if (family == "xlm-roberta") return both(core::load_xlm_roberta_tokenizer(folder));
  if (family == "roberta") return both(core::load_roberta_tokenizer(folder));
  if (family == "qwen2") return both(core::load_qwen2_tokenizer(folder));
  if (family == "gpt2" || family == "gpt_neox" || family == "bloom") return both(core::load_gpt2_tokenizer(folder));
  if (family == "bert" || family == "distilbert") return both(core::load_bert_tokenizer(folder));
  if (family == "bart") return both(core::load_bart_tokenizer(folder));
  const core::MarianTokenizers marian = core::load_marian_tokenizers(folder);
  return {marian.source, marian.target};
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
