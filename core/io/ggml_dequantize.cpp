#include "io/ggml_dequantize.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "tensor/scalar_types.h"

namespace core {

namespace {

// GGUF stores every number little-endian; the bytes are read one by one, so this is true on any host.
std::uint16_t read_u16(const std::uint8_t* bytes) {
  return static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8));
}

float read_f16(const std::uint8_t* bytes) { return f16_to_float(read_u16(bytes)); }

float read_f32(const std::uint8_t* bytes) {
  const std::uint32_t bits = static_cast<std::uint32_t>(bytes[0]) | (static_cast<std::uint32_t>(bytes[1]) << 8) |
                             (static_cast<std::uint32_t>(bytes[2]) << 16) |
                             (static_cast<std::uint32_t>(bytes[3]) << 24);
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Q8_0: d (f16), then q_0 … q_31 as int8.
void q8_0_block(const std::uint8_t* block, float* x) {
  const float d = read_f16(block);
  const std::uint8_t* q = block + 2;
  for (int i = 0; i < 32; ++i) {
    // x_i = d · q_i
    x[i] = d * static_cast<float>(static_cast<std::int8_t>(q[i]));
  }
}

// Q4_0: d (f16), then 16 bytes; byte j holds q_j in its low nibble and q_{j+16} in its high nibble.
void q4_0_block(const std::uint8_t* block, float* x) {
  const float d = read_f16(block);
  const std::uint8_t* qs = block + 2;
  for (int j = 0; j < 16; ++j) {
    const int low = qs[j] & 0x0F;
    const int high = qs[j] >> 4;
    // x_i = d · (q_i − 8): four bits hold 0…15, centred on 8
    x[j] = d * static_cast<float>(low - 8);
    x[j + 16] = d * static_cast<float>(high - 8);
  }
}

// Q4_K's 12 scale bytes hold eight 6-bit scales sc_s and eight 6-bit mins m_s:
//   s < 4:  sc_s = bits 0-5 of byte s,        m_s = bits 0-5 of byte s + 4
//   s ≥ 4:  sc_s = low nibble of byte s + 4   | (bits 6-7 of byte s − 4) << 4
//           m_s  = high nibble of byte s + 4  | (bits 6-7 of byte s) << 4
void q4_k_scale_and_min(const std::uint8_t* scales, int s, int& sc, int& m) {
  if (s < 4) {
    sc = scales[s] & 0x3F;
    m = scales[s + 4] & 0x3F;
  } else {
    sc = (scales[s + 4] & 0x0F) | ((scales[s - 4] >> 6) << 4);
    m = (scales[s + 4] >> 4) | ((scales[s] >> 6) << 4);
  }
}

// Q4_K: d (f16), dmin (f16), 12 scale bytes, 128 bytes of nibbles; 8 sub-blocks of 32 values.
void q4_k_block(const std::uint8_t* block, float* x) {
  const float d = read_f16(block);
  const float dmin = read_f16(block + 2);
  const std::uint8_t* scales = block + 4;
  const std::uint8_t* qs = block + 16;
  for (int s = 0; s < 8; ++s) {
    int sc = 0;
    int m = 0;
    q4_k_scale_and_min(scales, s, sc, m);
    const float scale = d * static_cast<float>(sc);
    const float offset = dmin * static_cast<float>(m);
    // Sub-blocks 2p and 2p + 1 share bytes 32p … 32p + 31: the even one their low nibbles, the odd one their high.
    const std::uint8_t* bytes = qs + 32 * (s / 2);
    const int shift = 4 * (s % 2);
    for (int l = 0; l < 32; ++l) {
      const int q = (bytes[l] >> shift) & 0x0F;
      // x = d · sc_s · q − dmin · m_s
      x[32 * s + l] = scale * static_cast<float>(q) - offset;
    }
  }
}

// Q6_K: ql[128], qh[64], 16 int8 scales, d (f16); 16 sub-blocks of 16 values.
// The 256 values are two halves of 128; value r of half n (r = 32 k + l, k = 0…3, l = 0…31) has
//   low 4 bits:  ql[64 n + 32 (k mod 2) + l], low nibble for k < 2, high nibble for k ≥ 2
//   high 2 bits: bits 2k, 2k + 1 of qh[32 n + l]
//   scale:       scales[8 n + 2 k + l / 16]
void q6_k_block(const std::uint8_t* block, float* x) {
  const std::uint8_t* ql = block;
  const std::uint8_t* qh = block + 128;
  const std::uint8_t* scales = block + 192;
  const float d = read_f16(block + 208);
  for (int n = 0; n < 2; ++n) {
    for (int k = 0; k < 4; ++k) {
      for (int l = 0; l < 32; ++l) {
        const int low = (ql[64 * n + 32 * (k % 2) + l] >> (4 * (k / 2))) & 0x0F;
        const int high = (qh[32 * n + l] >> (2 * k)) & 0x03;
        const int q = low | (high << 4);
        const auto scale = static_cast<std::int8_t>(scales[8 * n + 2 * k + l / 16]);
        // x = d · scale_s · (q − 32): six bits hold 0…63, centred on 32
        x[128 * n + 32 * k + l] = d * static_cast<float>(scale) * static_cast<float>(q - 32);
      }
    }
  }
}

}  // namespace

void dequantize(GgmlType type, std::span<const std::byte> bytes, std::span<float> out) {
  const std::optional<GgmlTypeInfo> info = ggml_type_info(static_cast<std::uint32_t>(type));
  if (!info || !info->dequantized) {
    throw std::invalid_argument("dequantize: " + ggml_type_name(static_cast<std::uint32_t>(type)) +
                                " is not a type AttentionScope reads");
  }
  const std::size_t blocks = out.size() / info->block_size;
  if (out.size() % info->block_size != 0 || bytes.size() != blocks * info->block_bytes) {
    throw std::invalid_argument("dequantize: " + std::to_string(bytes.size()) + " bytes of " + info->name +
                                " do not hold " + std::to_string(out.size()) + " values");
  }
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  float* x = out.data();
  const std::size_t n = out.size();
  switch (type) {
    case GgmlType::F32:
      for (std::size_t i = 0; i < n; ++i) x[i] = read_f32(data + 4 * i);
      return;
    case GgmlType::F16:
      for (std::size_t i = 0; i < n; ++i) x[i] = read_f16(data + 2 * i);
      return;
    case GgmlType::BF16:
      for (std::size_t i = 0; i < n; ++i) x[i] = bf16_to_float(read_u16(data + 2 * i));
      return;
    default: break;
  }
  void (*const block_values)(const std::uint8_t*, float*) = type == GgmlType::Q8_0   ? q8_0_block
                                                           : type == GgmlType::Q4_0 ? q4_0_block
                                                           : type == GgmlType::Q4_K ? q4_k_block
                                                                                    : q6_k_block;
  for (std::size_t b = 0; b < blocks; ++b) block_values(data + b * info->block_bytes, x + b * info->block_size);
}

}  // namespace core
