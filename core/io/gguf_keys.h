#pragma once
// Typed reading of a GGUF file's metadata with messages that name the file and the key:
//   model.gguf: metadata key 'llama.block_count' is missing
//   model.gguf: metadata key 'llama.block_count' is a string; expected an integer
//   model.gguf: metadata key 'llama.block_count' is 0; expected 1 … 4096

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/gguf_file.h"

namespace core {

class GgufKeys {
 public:
  explicit GgufKeys(const GgufFile& file) : file_(file) {}

  bool has(const std::string& key) const { return file_.find(key) != nullptr; }
  std::string string(const std::string& key) const;
  std::optional<std::string> optional_string(const std::string& key) const;
  // An integer of any integer type within [min, max].
  std::int64_t integer(const std::string& key, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> optional_integer(const std::string& key, std::int64_t min, std::int64_t max) const;
  // A float32 or float64 (an integer is accepted too) that is finite and > 0.
  std::optional<float> optional_positive_float(const std::string& key) const;
  std::optional<bool> optional_bool(const std::string& key) const;
  // Arrays; nothing when the key is absent.
  std::optional<std::vector<std::string>> optional_strings(const std::string& key) const;
  std::optional<std::vector<double>> optional_numbers(const std::string& key) const;

  [[noreturn]] void fail(const std::string& key, const std::string& what) const;
  [[noreturn]] void fail(const std::string& what) const;

 private:
  const GgufValue& require(const std::string& key) const;
  const GgufValue& scalar(const std::string& key, const GgufValue& value, const char* expected) const;

  const GgufFile& file_;
};

}  // namespace core
