#include "io/gguf_keys.h"

#include <cmath>

#include "tensor/errors.h"

namespace core {

namespace {

std::string article(const std::string& type_name) {
  const bool vowel = !type_name.empty() && std::string("aeiou").find(type_name.front()) != std::string::npos;
  return (vowel ? "an " : "a ") + type_name;
}

}  // namespace

void GgufKeys::fail(const std::string& key, const std::string& what) const {
  throw LoadError(file_.file_name() + ": metadata key '" + key + "' " + what);
}

void GgufKeys::fail(const std::string& what) const { throw LoadError(file_.file_name() + ": " + what); }

const GgufValue& GgufKeys::require(const std::string& key) const {
  const GgufValue* value = file_.find(key);
  if (value == nullptr) fail(key, "is missing");
  return *value;
}

const GgufValue& GgufKeys::scalar(const std::string& key, const GgufValue& value, const char* expected) const {
  if (value.is_array) fail(key, "is " + article(value.type_name()) + "; expected " + expected);
  return value;
}

std::string GgufKeys::string(const std::string& key) const {
  const GgufValue& value = scalar(key, require(key), "a string");
  if (value.type != GgufValueType::String) fail(key, "is " + article(value.type_name()) + "; expected a string");
  return value.strings.front();
}

std::optional<std::string> GgufKeys::optional_string(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  return string(key);
}

std::int64_t GgufKeys::integer(const std::string& key, std::int64_t min, std::int64_t max) const {
  const GgufValue& value = scalar(key, require(key), "an integer");
  if (!value.is_integer()) fail(key, "is " + article(value.type_name()) + "; expected an integer");
  const double number = value.numbers.front();
  if (number < static_cast<double>(min) || number > static_cast<double>(max)) {
    fail(key, "is " + std::to_string(static_cast<long long>(number)) + "; expected " + std::to_string(min) + " … " +
                  std::to_string(max));
  }
  return static_cast<std::int64_t>(number);
}

std::optional<std::int64_t> GgufKeys::optional_integer(const std::string& key, std::int64_t min,
                                                       std::int64_t max) const {
  if (!has(key)) return std::nullopt;
  return integer(key, min, max);
}

std::optional<float> GgufKeys::optional_positive_float(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const GgufValue& value = scalar(key, require(key), "a number");
  if (value.type == GgufValueType::String || value.type == GgufValueType::Bool) {
    fail(key, "is " + article(value.type_name()) + "; expected a number");
  }
  const double number = value.numbers.front();
  if (!std::isfinite(number) || !(number > 0.0) || number > 3.0e38) {
    fail(key, "is " + std::to_string(number) + "; expected a positive number");
  }
  return static_cast<float>(number);
}

std::optional<bool> GgufKeys::optional_bool(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const GgufValue& value = scalar(key, require(key), "a bool");
  if (value.type != GgufValueType::Bool) fail(key, "is " + article(value.type_name()) + "; expected a bool");
  return value.numbers.front() != 0.0;
}

std::optional<std::vector<std::string>> GgufKeys::optional_strings(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const GgufValue& value = require(key);
  if (!value.is_array || value.type != GgufValueType::String) {
    fail(key, "is " + article(value.type_name()) + "; expected an array of strings");
  }
  return value.strings;
}

std::optional<std::vector<double>> GgufKeys::optional_numbers(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  const GgufValue& value = require(key);
  if (!value.is_array || value.type == GgufValueType::String || value.type == GgufValueType::Array) {
    fail(key, "is " + article(value.type_name()) + "; expected an array of numbers");
  }
  return value.numbers;
}

}  // namespace core
