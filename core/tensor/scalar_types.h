#pragma once
// The element types weights are stored in, and exact conversions between them and float32.
//   bfloat16: the top 16 bits of a float32 (8 exponent bits, 7 mantissa bits)
//   float16:  IEEE half precision (5 exponent bits, 10 mantissa bits)
// Widening either to float32 is exact; narrowing float32 to bfloat16 rounds to nearest even.

#include <bit>
#include <cstddef>
#include <cstdint>

namespace core {

enum class ScalarType : std::uint8_t { F32, BF16, F16 };

const char* to_string(ScalarType type);

constexpr std::size_t scalar_size(ScalarType type) { return type == ScalarType::F32 ? 4 : 2; }

inline float bf16_to_float(std::uint16_t b) { return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16); }

float f16_to_float(std::uint16_t h);

// Round to nearest, ties to even (what vcvtneps2bf16 and PyTorch do); NaN stays a quiet NaN.
inline std::uint16_t float_to_bf16(float x) {
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
  if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<std::uint16_t>((bits >> 16) | 0x0040u);
  const std::uint32_t rounding = 0x7FFFu + ((bits >> 16) & 1u);
  return static_cast<std::uint16_t>((bits + rounding) >> 16);
}

// The value of element i of a row stored as `type`.
inline float element_to_float(const void* data, ScalarType type, std::ptrdiff_t i) {
  switch (type) {
    case ScalarType::F32: return static_cast<const float*>(data)[i];
    case ScalarType::BF16: return bf16_to_float(static_cast<const std::uint16_t*>(data)[i]);
    case ScalarType::F16: return f16_to_float(static_cast<const std::uint16_t*>(data)[i]);
  }
  return 0.0f;
}

}  // namespace core
