#include "config_reader.h"

#include <fstream>
#include <limits>
#include <sstream>

#include "errors.h"

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

Activation parse_activation(const ConfigReader& reader, const std::string& key) {
  const std::string name = reader.string(key);
  if (name == "relu") return Activation::Relu;
  if (name == "gelu") return Activation::GeluErf;
  if (name == "gelu_new" || name == "gelu_tanh" || name == "gelu_pytorch_tanh") return Activation::GeluTanh;
  if (name == "silu" || name == "swish") return Activation::Silu;
  reader.fail("'" + key + "' is \"" + name + "\"; supported: relu, gelu, gelu_new (gelu_tanh), silu (swish)");
}

void check_config_sizes(const ModelConfig& config) {
  const auto fail = [](const std::string& what) { throw LoadError("config.json: " + what); };
  // The upper bounds keep the 64-bit size arithmetic below from overflowing; real models are far smaller.
  const auto check_positive = [&](const char* key, int value, int at_most = 1 << 24) {
    if (value <= 0) fail(std::string("'") + key + "' must be positive, got " + std::to_string(value));
    if (value > at_most) {
      fail(std::string("'") + key + "' is " + std::to_string(value) + "; at most " + std::to_string(at_most) +
           " is supported");
    }
  };
  check_positive("d_model", config.d_model, 1 << 16);
  check_positive("heads", config.heads, 1 << 16);
  check_positive("d_ff", config.d_ff, 1 << 18);
  check_positive("max_positions", config.max_positions);
  if (config.has_encoder()) {
    check_positive("encoder_layers", config.encoder_layers, 1 << 12);
    check_positive("source_vocab_size", config.source_vocab_size);
  }
  if (config.has_decoder()) {
    check_positive("decoder_layers", config.decoder_layers, 1 << 12);
    check_positive("target_vocab_size", config.target_vocab_size);
  }
  if (config.d_model % config.heads != 0) {
    fail(std::to_string(config.heads) + " heads do not divide d_model " + std::to_string(config.d_model));
  }
  const bool sinusoidal = config.positional_encoding == PositionalEncoding::SinusoidalInterleaved ||
                          config.positional_encoding == PositionalEncoding::SinusoidalHalves;
  if (sinusoidal && config.d_model % 2 != 0) {
    fail("sinusoidal positions need an even d_model, got " + std::to_string(config.d_model));
  }
  if (config.position_offset < 0) fail("'position_offset' must not be negative");
  constexpr std::int64_t max_bytes = std::int64_t{16} << 30;
  // Position tables computed by the loader count too: a huge max_positions allocates them.
  const std::int64_t position_floats = std::int64_t{config.max_positions} * config.d_model;
  const std::int64_t bytes = (config.parameter_count() + position_floats) * std::int64_t{sizeof(float)};
  if (bytes > max_bytes) {
    fail("the sizes imply " + std::to_string(bytes >> 20) + " MiB of weights; the limit is 16 GiB");
  }
}

}  // namespace core
