#include "io/ggml_types.h"

#include <array>

namespace core {

namespace {

struct Entry {
  GgmlType type;
  GgmlTypeInfo info;
};

// Block sizes as ggml's block structs lay them out (ggml-common.h); K-quants use super-blocks of 256.
constexpr std::array<Entry, 31> table = {{
    {GgmlType::F32, {"F32", 1, 4, true}},
    {GgmlType::F16, {"F16", 1, 2, true}},
    {GgmlType::Q4_0, {"Q4_0", 32, 2 + 16, true}},
    {GgmlType::Q4_1, {"Q4_1", 32, 2 + 2 + 16, false}},
    {GgmlType::Q5_0, {"Q5_0", 32, 2 + 4 + 16, false}},
    {GgmlType::Q5_1, {"Q5_1", 32, 2 + 2 + 4 + 16, false}},
    {GgmlType::Q8_0, {"Q8_0", 32, 2 + 32, true}},
    {GgmlType::Q8_1, {"Q8_1", 32, 2 + 2 + 32, false}},
    {GgmlType::Q2_K, {"Q2_K", 256, 2 + 2 + 16 + 64, false}},
    {GgmlType::Q3_K, {"Q3_K", 256, 2 + 64 + 32 + 12, false}},
    {GgmlType::Q4_K, {"Q4_K", 256, 2 + 2 + 12 + 128, true}},
    {GgmlType::Q5_K, {"Q5_K", 256, 2 + 2 + 12 + 32 + 128, false}},
    {GgmlType::Q6_K, {"Q6_K", 256, 128 + 64 + 16 + 2, true}},
    {GgmlType::Q8_K, {"Q8_K", 256, 4 + 256 + 32, false}},
    {GgmlType::IQ2_XXS, {"IQ2_XXS", 256, 2 + 64, false}},
    {GgmlType::IQ2_XS, {"IQ2_XS", 256, 2 + 64 + 8, false}},
    {GgmlType::IQ3_XXS, {"IQ3_XXS", 256, 2 + 64 + 32, false}},
    {GgmlType::IQ1_S, {"IQ1_S", 256, 2 + 32 + 16, false}},
    {GgmlType::IQ4_NL, {"IQ4_NL", 32, 2 + 16, false}},
    {GgmlType::IQ3_S, {"IQ3_S", 256, 2 + 64 + 32 + 8 + 4, false}},
    {GgmlType::IQ2_S, {"IQ2_S", 256, 2 + 64 + 16, false}},
    {GgmlType::IQ4_XS, {"IQ4_XS", 256, 2 + 2 + 128 + 4, false}},
    {GgmlType::I8, {"I8", 1, 1, false}},
    {GgmlType::I16, {"I16", 1, 2, false}},
    {GgmlType::I32, {"I32", 1, 4, false}},
    {GgmlType::I64, {"I64", 1, 8, false}},
    {GgmlType::F64, {"F64", 1, 8, false}},
    {GgmlType::IQ1_M, {"IQ1_M", 256, 32 + 16 + 8, false}},
    {GgmlType::BF16, {"BF16", 1, 2, true}},
    {GgmlType::TQ1_0, {"TQ1_0", 256, 2 + 52, false}},
    {GgmlType::TQ2_0, {"TQ2_0", 256, 2 + 64, false}},
}};

}  // namespace

std::optional<GgmlTypeInfo> ggml_type_info(std::uint32_t type) {
  for (const Entry& entry : table) {
    if (static_cast<std::uint32_t>(entry.type) == type) return entry.info;
  }
  return std::nullopt;
}

std::string ggml_type_name(std::uint32_t type) {
  const std::optional<GgmlTypeInfo> info = ggml_type_info(type);
  return info ? std::string(info->name) : "type " + std::to_string(type);
}

std::string dequantized_type_names() {
  std::string names;
  for (const GgmlType type : {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0,
                              GgmlType::Q4_K, GgmlType::Q6_K}) {
    names += (names.empty() ? "" : ", ") + ggml_type_name(static_cast<std::uint32_t>(type));
  }
  return names;
}

}  // namespace core
