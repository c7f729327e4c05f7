#include "text/json_place.h"

#include <fstream>
#include <sstream>

#include "tensor/errors.h"

namespace core {

namespace {

// The JSON of a value, cut short: a message should quote a wrong value, not a whole vocabulary.
std::string quote(const nlohmann::json& value) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string kind(const nlohmann::json& value) {
  if (value.is_null()) return "null";
  if (value.is_object()) return "an object";
  if (value.is_array()) return "a list";
  if (value.is_string()) return "the string " + quote(value);
  return quote(value);
}

}  // namespace

JsonPlace::JsonPlace(std::string file, const nlohmann::json& value, std::string path)
    : file_(std::move(file)), value_(&value), path_(std::move(path)) {}

std::string JsonPlace::name() const {
  return path_.empty() ? "the top level" : "'" + path_ + "'";
}

void JsonPlace::fail(const std::string& what) const {
  throw LoadError(file_ + ": " + name() + " " + what);
}

const nlohmann::json& JsonPlace::object() const {
  if (!value_->is_object()) fail("is " + kind(*value_) + ", not an object");
  return *value_;
}

const nlohmann::json& JsonPlace::array() const {
  if (!value_->is_array()) fail("is " + kind(*value_) + ", not a list");
  return *value_;
}

JsonPlace JsonPlace::at(std::string_view key) const {
  std::optional<JsonPlace> member = find(key);
  if (!member) {
    const std::string child = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    throw LoadError(file_ + ": '" + child + "' is missing");
  }
  return *member;
}

std::optional<JsonPlace> JsonPlace::find(std::string_view key) const {
  const nlohmann::json& members = object();
  const auto found = members.find(key);
  if (found == members.end() || found->is_null()) return std::nullopt;
  return JsonPlace(file_, *found, path_.empty() ? std::string(key) : path_ + "." + std::string(key));
}

JsonPlace JsonPlace::at(std::size_t index) const {
  return JsonPlace(file_, array().at(index), path_ + "[" + std::to_string(index) + "]");
}

std::size_t JsonPlace::size() const {
  return array().size();
}

std::string JsonPlace::string() const {
  if (!value_->is_string()) fail("is " + kind(*value_) + ", not a string");
  return value_->get<std::string>();
}

bool JsonPlace::boolean() const {
  if (!value_->is_boolean()) fail("is " + kind(*value_) + ", not true or false");
  return value_->get<bool>();
}

std::int64_t JsonPlace::integer(std::int64_t min, std::int64_t max) const {
  const bool in_range = value_->is_number_integer() && value_->get<std::int64_t>() >= min &&
                        value_->get<std::int64_t>() <= max;
  if (!in_range) fail("is " + kind(*value_) + ", not an integer from " + std::to_string(min) + " to " + std::to_string(max));
  return value_->get<std::int64_t>();
}

double JsonPlace::number() const {
  if (!value_->is_number()) fail("is " + kind(*value_) + ", not a number");
  return value_->get<double>();
}

std::string JsonPlace::string_or(std::string_view key, std::string fallback) const {
  const std::optional<JsonPlace> member = find(key);
  return member ? member->string() : std::move(fallback);
}

bool JsonPlace::boolean_or(std::string_view key, bool fallback) const {
  const std::optional<JsonPlace> member = find(key);
  return member ? member->boolean() : fallback;
}

std::string read_json_text(const std::string& file_name, const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw LoadError(file_name + ": missing or cannot be read");
  std::ostringstream text;
  text << stream.rdbuf();
  return std::move(text).str();
}

LoadError not_valid_json(const std::string& file_name, const nlohmann::json::exception& error) {
  // Drop nlohmann's "[json.exception.parse_error.101] " prefix: the rest says where and what.
  const std::string detail = error.what();
  const std::size_t prefix_end = detail.find("] ");
  return LoadError(file_name + ": not valid JSON: " +
                   (prefix_end == std::string::npos ? detail : detail.substr(prefix_end + 2)));
}

nlohmann::json parse_json_text(const std::string& file_name, const std::string& text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    // parse_error, or out_of_range for a number past a double ("1e400")
    throw not_valid_json(file_name, error);
  }
}

nlohmann::json read_json_file(const std::string& file_name, const std::string& path) {
  return parse_json_text(file_name, read_json_text(file_name, path));
}

}  // namespace core
