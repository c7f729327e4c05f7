#include "io/config_reader.h"

#include <fstream>
#include <limits>
#include <sstream>

#include "tensor/errors.h"

namespace core {

ConfigReader ConfigReader::open(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(file, error);
  // A symlink loop or an unreadable folder is not "missing": say what the system said.
  if (error && error != std::errc::no_such_file_or_directory) {
    throw LoadError(name + ": cannot be opened: " + error.message());
  }
  if (!std::filesystem::exists(status)) throw LoadError(name + ": missing from " + file.parent_path().string());
  if (!std::filesystem::is_regular_file(status)) throw LoadError(name + ": is not a regular file");
  std::ifstream stream(file, std::ios::binary);
  if (!stream) throw LoadError(name + ": cannot be read");
  std::ostringstream text;
  text << stream.rdbuf();
  nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) throw LoadError(name + ": is not valid JSON");
  if (!json.is_object()) throw LoadError(name + ": expected a JSON object at the top level");
  return ConfigReader(name, std::move(json));
}

void ConfigReader::fail(const std::string& what) const { throw LoadError(file_name_ + ": " + what); }

bool ConfigReader::has(const std::string& key) const { return json_.contains(key) && !json_.at(key).is_null(); }

const nlohmann::json& ConfigReader::require(const std::string& key) const {
  if (!has(key)) fail("key '" + key + "' is missing");
  return json_.at(key);
}

std::string ConfigReader::string(const std::string& key) const {
  const nlohmann::json& value = require(key);
  if (!value.is_string()) fail("'" + key + "' must be a string, got " + value.dump());
  return value.get<std::string>();
}

std::string ConfigReader::string_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

int ConfigReader::positive_int(const std::string& key) const {
  const nlohmann::json& value = require(key);
  if (!value.is_number_integer() || value.get<long long>() <= 0 ||
      value.get<long long>() > std::numeric_limits<int>::max()) {
    fail("'" + key + "' must be a positive integer, got " + value.dump());
  }
  return value.get<int>();
}

int ConfigReader::int_or(const std::string& key, int fallback) const {
  const std::optional<int> value = optional_int(key);
  return value ? *value : fallback;
}

std::optional<int> ConfigReader::optional_int(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const nlohmann::json& value = json_.at(key);
  if (!value.is_number_integer() || value.get<long long>() < std::numeric_limits<int>::min() ||
      value.get<long long>() > std::numeric_limits<int>::max()) {
    fail("'" + key + "' must be an integer, got " + value.dump());
  }
  return value.get<int>();
}

float ConfigReader::float_or(const std::string& key, float fallback) const {
  if (!has(key)) return fallback;
  const nlohmann::json& value = json_.at(key);
  if (!value.is_number()) fail("'" + key + "' must be a number, got " + value.dump());
  return value.get<float>();
}

bool ConfigReader::bool_or(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  const nlohmann::json& value = json_.at(key);
  if (!value.is_boolean()) fail("'" + key + "' must be true or false, got " + value.dump());
  return value.get<bool>();
}

}  // namespace core
