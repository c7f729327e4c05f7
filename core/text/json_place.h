#pragma once
// A value inside a JSON file together with where it sits, so that every message about it can say
// so: "tokenizer.json: 'pre_tokenizer.pretokenizers[0].behavior' is \"Sideways\"; expected one of …".

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "tensor/errors.h"

namespace core {

class JsonPlace {
 public:
  // file: the name messages start with; value must outlive the place.
  JsonPlace(std::string file, const nlohmann::json& value, std::string path = {});

  const nlohmann::json& value() const { return *value_; }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }  // "model.merges[3]"; empty for the root
  // "'model.vocab'", or "the top level" for the root.
  std::string name() const;

  // A member that must be there (and not null).
  JsonPlace at(std::string_view key) const;
  // A member that may be absent or null.
  std::optional<JsonPlace> find(std::string_view key) const;
  JsonPlace at(std::size_t index) const;
  std::size_t size() const;

  // This value as a type; anything else throws LoadError naming the place and what it holds.
  const nlohmann::json& object() const;
  const nlohmann::json& array() const;
  std::string string() const;
  bool boolean() const;
  std::int64_t integer(std::int64_t min, std::int64_t max) const;
  double number() const;

  // Optional members with a default.
  std::string string_or(std::string_view key, std::string fallback) const;
  bool boolean_or(std::string_view key, bool fallback) const;

  // Throws LoadError("<file>: <name> <what>").
  [[noreturn]] void fail(const std::string& what) const;

 private:
  std::string file_;
  const nlohmann::json* value_;
  std::string path_;  // "model.merges[3]"; empty for the root
};

// Reads and parses a JSON file; throws LoadError "<file>: missing", "<file>: not valid JSON: …".
nlohmann::json read_json_file(const std::string& file_name, const std::string& path);
// Its two steps: the file's bytes ("<file>: missing or cannot be read"), then the parse.
std::string read_json_text(const std::string& file_name, const std::string& path);
nlohmann::json parse_json_text(const std::string& file_name, const std::string& text);
// One of nlohmann's parse errors (a parse_error, or out_of_range for a number no double holds) as
// LoadError "<file>: not valid JSON: <where and what>".
LoadError not_valid_json(const std::string& file_name, const nlohmann::json::exception& error);

}  // namespace core
