#include "text/folder_tokenizer.h"

#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "tensor/errors.h"
#include "text/tokenizer_loader.h"

namespace core {

namespace {

// A string value of a JSON file, or "" when the file, the key or a string value is missing.
std::string string_at(const std::filesystem::path& file, const char* key) {
  std::ifstream in(file);
  if (!in) return "";
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (!json.is_object() || !json.contains(key) || !json.at(key).is_string()) return "";
  return json.at(key).get<std::string>();
}

// tokenizer_class or model_type → the loader's family name ("llama", "t5", …); "" when unknown.
std::string family_of(const std::filesystem::path& folder) {
  std::string name = string_at(folder / "tokenizer_config.json", "tokenizer_class");
  if (name.ends_with("Fast")) name.resize(name.size() - 4);
  static const std::map<std::string, std::string> by_class = {
      {"LlamaTokenizer", "llama"},         {"CodeLlamaTokenizer", "llama"},  {"GemmaTokenizer", "gemma"},
      {"T5Tokenizer", "t5"},               {"XLMRobertaTokenizer", "xlm-roberta"},
      {"RobertaTokenizer", "roberta"},     {"Qwen2Tokenizer", "qwen2"},      {"GPT2Tokenizer", "gpt2"},
      {"GPTNeoXTokenizer", "gpt2"},        {"BloomTokenizer", "gpt2"},       {"BertTokenizer", "bert"},
      {"DistilBertTokenizer", "bert"},     {"BartTokenizer", "bart"},        {"MarianTokenizer", "marian"}};
  if (const auto found = by_class.find(name); found != by_class.end()) return found->second;
  if (!name.empty() && std::filesystem::exists(folder / "tokenizer.json")) return "";  // PreTrainedTokenizer…
  return string_at(folder / "config.json", "model_type");
}

}  // namespace

FolderTokenizers shared_tokenizer(std::shared_ptr<const Tokenizer> tokenizer) { return {tokenizer, tokenizer}; }

FolderTokenizers load_folder_tokenizers(const std::filesystem::path& folder) {
  const std::string family = family_of(folder);
  if (family == "llama" || family == "mistral") return shared_tokenizer(load_llama_tokenizer(folder));
  if (family == "gemma" || family == "gemma2") return shared_tokenizer(load_gemma_tokenizer(folder));
  if (family == "t5") return shared_tokenizer(load_t5_tokenizer(folder));
  if (family == "xlm-roberta") return shared_tokenizer(load_xlm_roberta_tokenizer(folder));
  if (family == "roberta") return shared_tokenizer(load_roberta_tokenizer(folder));
  if (family == "qwen2") return shared_tokenizer(load_qwen2_tokenizer(folder));
  if (family == "gpt2" || family == "gpt_neox" || family == "bloom") return shared_tokenizer(load_gpt2_tokenizer(folder));
  if (family == "bert" || family == "distilbert") return shared_tokenizer(load_bert_tokenizer(folder));
  if (family == "bart") return shared_tokenizer(load_bart_tokenizer(folder));
  if (family == "marian") {
    MarianTokenizers marian = load_marian_tokenizers(folder);
    return {std::move(marian.source), std::move(marian.target)};
  }
  if (std::filesystem::exists(folder / "tokenizer.json")) return shared_tokenizer(load_tokenizer_json(folder));
  throw LoadError(folder.string() + ": no tokenizer files (tokenizer.json, tokenizer.model, vocab.json + merges.txt, "
                                    "vocab.txt, spiece.model, …) and no tokenizer_class or model_type naming one");
}

}  // namespace core
