#include "text/tokenizer_files.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "tensor/errors.h"

namespace core {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  throw LoadError(file.filename().string() + ": " + what);
}

std::string read_file(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::exists(file, error)) fail(file, "missing");
  if (!std::filesystem::is_regular_file(file, error)) fail(file, "not a regular file");
  std::ifstream stream(file, std::ios::binary);
  if (!stream) fail(file, "cannot be read");
  std::ostringstream text;
  text << stream.rdbuf();
  return text.str();
}

json read_json(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  try {
    return json::parse(text);
  } catch (const json::exception& error) {
    // parse_error, or out_of_range for a number past a double ("1e400").
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix: the rest says where and what.
    const std::string detail = error.what();
    const std::size_t prefix_end = detail.find("] ");
    fail(file, "not valid JSON: " + (prefix_end == std::string::npos ? detail : detail.substr(prefix_end + 2)));
  }
}

// Lines without their "\n" or "\r\n"; a final newline does not start another line.
std::vector<std::string> read_lines(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(begin, end - begin);
    if (line.ends_with('\r')) line.pop_back();
    lines.push_back(std::move(line));
    begin = end + 1;
  }
  return lines;
}

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t begin = 0;
  while (begin < line.size()) {
    const std::size_t start = line.find_first_not_of(" \t", begin);
    if (start == std::string_view::npos) break;
    std::size_t end = line.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = line.size();
    words.emplace_back(line.substr(start, end - start));
    begin = end;
  }
  return words;
}

// {"token": id, …}; where names the object in messages ("'model.vocab'" or empty for vocab.json).
Vocabulary parse_vocab(const std::filesystem::path& file, const json& object, const std::string& where) {
  const std::string in = where.empty() ? "" : " in " + where;
  if (!object.is_object()) fail(file, (where.empty() ? "expected" : where + " must be") + " an object of token → id");
  Vocabulary vocabulary;
  for (const auto& [token, id] : object.items()) {
    if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > max_token_id) {
      fail(file, "id of '" + token + "'" + in + " is not an integer from 0 to " + std::to_string(max_token_id) + ", got " +
                     id.dump());
    }
    vocabulary.add(token, id.get<int>());
  }
  return vocabulary;
}

std::optional<bool> optional_bool(const std::filesystem::path& file, const json& object, const std::string& key) {
  if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
  if (!object.at(key).is_boolean()) fail(file, "'" + key + "' is not true or false, got " + object.at(key).dump());
  return object.at(key).get<bool>();
}

// HF writes a special token either as "[UNK]" or as {"content": "[UNK]", "lstrip": false, …}.
std::optional<std::string> token_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object() && value.contains("content") && value.at("content").is_string()) {
    return value.at("content").get<std::string>();
  }
  return std::nullopt;
}

bool is_true(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object.at(key).is_boolean() && object.at(key).get<bool>();
}

bool has_string(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object.at(key).is_string();
}

// One entry of added_tokens_decoder or added_tokens: {"content": …, "lstrip": …, "rstrip": …}.
SpecialToken parse_added_token(const std::filesystem::path& file, const json& entry, std::int64_t id,
                               const std::string& where) {
  const std::optional<std::string> text = token_text(entry);
  if (!text || id < 0 || id > max_token_id)
    fail(file, where + " needs a 'content' string and an id from 0 to " + std::to_string(max_token_id));
  SpecialToken special{*text, static_cast<int>(id)};
  special.lstrip = is_true(entry, "lstrip");
  special.rstrip = is_true(entry, "rstrip");
  return special;
}

}  // namespace

std::string TokenizerConfig::token(std::string_view key, std::string_view fallback) const {
  const auto found = named_tokens.find(key);
  return found == named_tokens.end() ? std::string(fallback) : found->second;
}

Vocabulary read_vocab_txt(const std::filesystem::path& file, bool strict) {
  std::vector<std::string> tokens = read_lines(file);
  if (strict) {
    std::unordered_map<std::string, std::size_t> first_line;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const std::string line = std::to_string(i + 1);
      if (tokens[i].empty()) fail(file, "line " + line + " is empty");
      const auto [previous, inserted] = first_line.emplace(tokens[i], i + 1);
      if (!inserted) {
        fail(file, "line " + line + " repeats '" + tokens[i] + "' from line " + std::to_string(previous->second));
      }
    }
  }
  return Vocabulary(std::move(tokens));
}

Vocabulary read_vocab_json(const std::filesystem::path& file) {
  return parse_vocab(file, read_json(file), "");
}

Merges read_merges_txt(const std::filesystem::path& file) {
  const std::vector<std::string> lines = read_lines(file);
  Merges merges;
  merges.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].starts_with("#version")) continue;
    std::vector<std::string> symbols = split_words(lines[i]);
    if (symbols.empty()) continue;
    if (symbols.size() != 2) fail(file, "line " + std::to_string(i + 1) + " is not two symbols");
    merges.emplace_back(std::move(symbols[0]), std::move(symbols[1]));
  }
  return merges;
}

TokenizerConfig read_tokenizer_config(const std::filesystem::path& file) {
  TokenizerConfig config;
  std::error_code error;
  if (!std::filesystem::exists(file, error)) return config;
  const json object = read_json(file);
  if (!object.is_object()) fail(file, "expected a JSON object at the top level");

  config.do_lower_case = optional_bool(file, object, "do_lower_case");
  config.strip_accents = optional_bool(file, object, "strip_accents");
  config.tokenize_chinese_chars = optional_bool(file, object, "tokenize_chinese_chars");
  config.add_prefix_space = optional_bool(file, object, "add_prefix_space");
  config.separate_vocabs = optional_bool(file, object, "separate_vocabs").value_or(false);
  config.add_bos_token = optional_bool(file, object, "add_bos_token");
  config.add_eos_token = optional_bool(file, object, "add_eos_token");
  config.legacy = optional_bool(file, object, "legacy");
  if (object.contains("tokenizer_class") && object.at("tokenizer_class").is_string()) {
    config.tokenizer_class = object.at("tokenizer_class").get<std::string>();
  }
  if (object.contains("additional_special_tokens") && !object.at("additional_special_tokens").is_null()) {
    const json& list = object.at("additional_special_tokens");
    if (!list.is_array()) fail(file, "'additional_special_tokens' is not a list");
    for (const json& entry : list) {
      const std::optional<std::string> text = token_text(entry);
      if (!text) fail(file, "'additional_special_tokens' holds an entry that is neither a string nor an object with a 'content' string");
      config.additional_special_tokens.push_back(*text);
    }
  }
  for (const char* key : {"unk_token", "cls_token", "sep_token", "pad_token", "bos_token", "eos_token", "mask_token"}) {
    if (!object.contains(key) || object.at(key).is_null()) continue;
    const std::optional<std::string> text = token_text(object.at(key));
    if (!text) fail(file, std::string("'") + key + "' is neither a string nor an object with a 'content' string");
    config.named_tokens.emplace(key, *text);
  }
  if (object.contains("added_tokens_decoder")) {
    const json& decoder = object.at("added_tokens_decoder");
    if (!decoder.is_object()) fail(file, "'added_tokens_decoder' is not an object of id → token");
    std::vector<SpecialToken> added;
    for (const auto& [key, entry] : decoder.items()) {
      const std::string where = "'added_tokens_decoder' entry \"" + key + "\"";
      std::int64_t id = -1;
      try {
        std::size_t used = 0;
        id = std::stoll(key, &used);
        if (used != key.size()) id = -1;
      } catch (const std::logic_error&) {
        id = -1;
      }
      added.push_back(parse_added_token(file, entry, id, where));
    }
    config.added_tokens = std::move(added);
  }
  return config;
}

TokenizerJson read_tokenizer_json(const std::filesystem::path& file, std::string_view model_type) {
  const json object = read_json(file);
  if (!object.is_object()) fail(file, "expected a JSON object at the top level");
  if (!object.contains("model") || !object.at("model").is_object()) fail(file, "'model' is missing or not an object");
  const json& model = object.at("model");
  if (model.contains("type") && (!model.at("type").is_string() || model.at("type").get<std::string>() != model_type)) {
    fail(file, "'model.type' is " + model.at("type").dump() + "; expected \"" + std::string(model_type) + "\"");
  }
  if (!model.contains("vocab")) fail(file, "'model.vocab' is missing");

  TokenizerJson result;
  result.vocabulary = parse_vocab(file, model.at("vocab"), "'model.vocab'");
  if (model_type == "BPE") {
    if (!model.contains("merges") || !model.at("merges").is_array())
      fail(file, "'model.merges' is missing or not a list");
    const json& merges = model.at("merges");
    for (std::size_t i = 0; i < merges.size(); ++i) {
      // Older files write "left right", newer ones ["left", "right"].
      std::vector<std::string> symbols;
      if (merges[i].is_string()) {
        symbols = split_words(merges[i].get<std::string>());
      } else if (merges[i].is_array() && merges[i].size() == 2 && merges[i][0].is_string() &&
                 merges[i][1].is_string()) {
        symbols = {merges[i][0].get<std::string>(), merges[i][1].get<std::string>()};
      }
      if (symbols.size() != 2) fail(file, "'model.merges' entry " + std::to_string(i) + " is not two symbols");
      result.merges.emplace_back(std::move(symbols[0]), std::move(symbols[1]));
    }
  }
  if (has_string(model, "unk_token")) {
    result.unk_token = model.at("unk_token").get<std::string>();
  }
  if (has_string(model, "continuing_subword_prefix")) {
    result.continuing_prefix = model.at("continuing_subword_prefix").get<std::string>();
  }
  if (model.contains("max_input_chars_per_word") && model.at("max_input_chars_per_word").is_number_unsigned()) {
    result.max_word_length = model.at("max_input_chars_per_word").get<std::size_t>();
  }
  if (object.contains("added_tokens")) {
    const json& added = object.at("added_tokens");
    if (!added.is_array()) fail(file, "'added_tokens' is not a list");
    for (std::size_t i = 0; i < added.size(); ++i) {
      const json& entry = added[i];
      const std::int64_t id = entry.is_object() && entry.contains("id") && entry.at("id").is_number_integer()
                                  ? entry.at("id").get<std::int64_t>()
                                  : -1;
      result.added_tokens.push_back(parse_added_token(file, entry, id, "'added_tokens' entry " + std::to_string(i)));
    }
  }
  if (object.contains("normalizer") && has_string(object.at("normalizer"), "type") &&
      object.at("normalizer").at("type").get<std::string>() == "BertNormalizer") {
    result.lowercase = optional_bool(file, object.at("normalizer"), "lowercase");
  }
  return result;
}

}  // namespace core
