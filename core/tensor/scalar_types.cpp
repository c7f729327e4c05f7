#include "tensor/scalar_types.h"

namespace core {

const char* to_string(ScalarType type) {
  switch (type) {
    case ScalarType::F32: return "float32";
    case ScalarType::BF16: return "bfloat16";
    case ScalarType::F16: return "float16";
  }
  return "?";
}

float f16_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t exponent = (h >> 10) & 0x1Fu;
  const std::uint32_t mantissa = h & 0x3FFu;
  if (exponent == 0x1F) {
    // inf (mantissa 0) or NaN; the payload moves to the top of float's mantissa.
    return std::bit_cast<float>(sign | 0x7F800000u | (mantissa << 13));
  }
  if (exponent == 0) {
    // zero or subnormal: value = mantissa × 2^-24, exact in float.
    const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
    return sign != 0 ? -magnitude : magnitude;
  }
  // normal: rebias the exponent from 15 to 127.
  return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

}  // namespace core
