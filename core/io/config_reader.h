#pragma once
// Reads config.json with messages that name the file and key, and checks the sizes a config
// implies before anything is allocated (step 4 of the loading contract).

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>


namespace core {

class ConfigReader {
 public:
  // Throws LoadError when the file is missing, unreadable, not JSON, or not a JSON object.
  static ConfigReader open(const std::filesystem::path& file);

  bool has(const std::string& key) const;
  std::string string(const std::string& key) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;
  int positive_int(const std::string& key) const;
  int int_or(const std::string& key, int fallback) const;
  // An optional integer that may also be JSON null (HF writes "n_inner": null).
  std::optional<int> optional_int(const std::string& key) const;
  float float_or(const std::string& key, float fallback) const;
  bool bool_or(const std::string& key, bool fallback) const;
  const nlohmann::json& json() const { return json_; }
  const std::string& file_name() const { return file_name_; }

  [[noreturn]] void fail(const std::string& what) const;

 private:
  ConfigReader(std::string file_name, nlohmann::json json) : file_name_(std::move(file_name)), json_(std::move(json)) {}
  const nlohmann::json& require(const std::string& key) const;

  std::string file_name_;
  nlohmann::json json_;
};

}  // namespace core
