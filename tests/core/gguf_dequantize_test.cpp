// The GGUF dequantisers (core/io/ggml_dequantize.h) against a float64 reference computed here.
// Each test packs blocks by hand from integers it chose (quants, scales, mins, f16 deltas), so
// the reference is the format's formula evaluated on those integers in double precision; the
// packing follows ggml's block layouts as docs/model-format.md describes them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/ggml_dequantize.h"
#include "io/ggml_types.h"
#include "io/gguf_file.h"
#include "npy_reader.h"
#include "tensor/scalar_types.h"

namespace {

using core::GgmlType;

// Halves whose value is exact in float16: d = m · 2^e with a small integer m.
std::uint16_t f16_bits(int mantissa_steps, int exponent) {
  // 0x3C00 is 1.0; mantissa_steps adds 1/1024 each; exponent moves the 5-bit exponent field.
  return static_cast<std::uint16_t>((15 + exponent) << 10 | mantissa_steps);
}

double f16_value(std::uint16_t bits) { return static_cast<double>(core::f16_to_float(bits)); }

void put_u16(std::vector<std::byte>& out, std::size_t at, std::uint16_t value) {
  out[at] = static_cast<std::byte>(value & 0xFF);
  out[at + 1] = static_cast<std::byte>(value >> 8);
}

std::vector<float> run(GgmlType type, const std::vector<std::byte>& bytes, std::size_t count) {
  std::vector<float> out(count);
  core::dequantize(type, bytes, out);
  return out;
}

// Every value within float32 rounding of the reference: a few roundings of products no larger
// than the largest value (Q4_K's d·sc·q − dmin·m may cancel, so the bound is not relative to each value).
void expect_close(const std::vector<float>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  double largest = 0.0;
  for (const double value : want) largest = std::max(largest, std::abs(value));
  ASSERT_GT(largest, 0.0);
  for (std::size_t i = 0; i < got.size(); ++i) {
    ASSERT_NEAR(got[i], want[i], 3e-7 * largest) << "value " << i;
  }
}

TEST(GgufDequantize, ScalarTypesWidenExactly) {
  // F32 1.5, −0.0; F16 1.0, −2.0, 65504 (largest), 2^−24 (smallest subnormal); BF16 1.0, −3.0.
  std::vector<std::byte> f32(8);
  const float values[2] = {1.5f, -0.0f};
  std::memcpy(f32.data(), values, 8);
  const std::vector<float> a = run(GgmlType::F32, f32, 2);
  EXPECT_EQ(a[0], 1.5f);
  EXPECT_TRUE(std::signbit(a[1]));

  std::vector<std::byte> f16(8);
  put_u16(f16, 0, 0x3C00);
  put_u16(f16, 2, 0xC000);
  put_u16(f16, 4, 0x7BFF);
  put_u16(f16, 6, 0x0001);
  EXPECT_EQ(run(GgmlType::F16, f16, 4), (std::vector<float>{1.0f, -2.0f, 65504.0f, std::ldexp(1.0f, -24)}));

  std::vector<std::byte> bf16(4);
  put_u16(bf16, 0, 0x3F80);
  put_u16(bf16, 2, 0xC040);
  EXPECT_EQ(run(GgmlType::BF16, bf16, 2), (std::vector<float>{1.0f, -3.0f}));
}

TEST(GgufDequantize, Q8_0IsDeltaTimesSignedByte) {
  std::mt19937 random(801);
  constexpr int blocks = 3;
  std::vector<std::byte> bytes(34 * blocks);
  std::vector<double> want;
  for (int b = 0; b < blocks; ++b) {
    const std::uint16_t d = f16_bits(static_cast<int>(random() % 1024), -6 + b);
    put_u16(bytes, 34 * b, d);
    for (int i = 0; i < 32; ++i) {
      // Every int8 value appears over the blocks, −128 and 127 included.
      const int q = i == 0 ? -128 : i == 1 ? 127 : static_cast<int>(random() % 256) - 128;
      bytes[34 * b + 2 + i] = static_cast<std::byte>(static_cast<std::uint8_t>(q));
      want.push_back(f16_value(d) * q);
    }
  }
  expect_close(run(GgmlType::Q8_0, bytes, 32 * blocks), want);
}

TEST(GgufDequantize, Q4_0IsDeltaTimesNibbleMinusEight) {
  std::mt19937 random(402);
  constexpr int blocks = 2;
  std::vector<std::byte> bytes(18 * blocks);
  std::vector<double> want(32 * blocks);
  for (int b = 0; b < blocks; ++b) {
    // The second block has a negative d (the sign bit set).
    const auto d = static_cast<std::uint16_t>(f16_bits(static_cast<int>(random() % 1024), -3 - b) | (b == 1 ? 0x8000 : 0));
    put_u16(bytes, 18 * b, d);
    int q[32];
    for (int i = 0; i < 32; ++i) q[i] = static_cast<int>(random() % 16);
    q[0] = 0;
    q[31] = 15;
    // Byte j: value j in the low nibble, value j + 16 in the high nibble.
    for (int j = 0; j < 16; ++j) bytes[18 * b + 2 + j] = static_cast<std::byte>(q[j] | (q[j + 16] << 4));
    for (int i = 0; i < 32; ++i) want[32 * b + i] = f16_value(d) * (q[i] - 8);
  }
  expect_close(run(GgmlType::Q4_0, bytes, 32 * blocks), want);
}

TEST(GgufDequantize, Q4_KUsesSixBitScalesAndMinsPerSubBlock) {
  std::mt19937 random(1204);
  std::vector<std::byte> bytes(144);
  const std::uint16_t d = f16_bits(317, -7);
  const std::uint16_t dmin = f16_bits(611, -5);
  put_u16(bytes, 0, d);
  put_u16(bytes, 2, dmin);
  int sc[8];
  int m[8];
  for (int s = 0; s < 8; ++s) {
    sc[s] = static_cast<int>(random() % 64);
    m[s] = static_cast<int>(random() % 64);
  }
  sc[5] = 63;  // every bit of a high-half scale and min
  m[6] = 63;
  // The 12 scale bytes: bytes 0-3 hold sc_0..3 in bits 0-5 and the top two bits of sc_4..7;
  // bytes 4-7 hold m_0..3 and the top two bits of m_4..7; bytes 8-11 the low nibbles of sc_4..7 | m_4..7.
  for (int s = 0; s < 4; ++s) {
    bytes[4 + s] = static_cast<std::byte>(sc[s] | ((sc[s + 4] >> 4) << 6));
    bytes[8 + s] = static_cast<std::byte>(m[s] | ((m[s + 4] >> 4) << 6));
    bytes[12 + s] = static_cast<std::byte>((sc[s + 4] & 0x0F) | ((m[s + 4] & 0x0F) << 4));
  }
  // Quants: sub-blocks 2p and 2p + 1 share bytes 16 + 32p …; low nibble for the even one.
  std::vector<double> want(256);
  int q[256];
  for (int i = 0; i < 256; ++i) q[i] = static_cast<int>(random() % 16);
  for (int p = 0; p < 4; ++p) {
    for (int l = 0; l < 32; ++l) {
      bytes[16 + 32 * p + l] = static_cast<std::byte>(q[64 * p + l] | (q[64 * p + 32 + l] << 4));
    }
  }
  for (int i = 0; i < 256; ++i) {
    const int s = i / 32;
    want[i] = f16_value(d) * sc[s] * q[i] - f16_value(dmin) * m[s];
  }
  expect_close(run(GgmlType::Q4_K, bytes, 256), want);
}

TEST(GgufDequantize, Q6_KCombinesLowAndHighBitsWithSignedScales) {
  std::mt19937 random(1406);
  std::vector<std::byte> bytes(210);
  int q[256];
  for (int i = 0; i < 256; ++i) q[i] = static_cast<int>(random() % 64);
  q[0] = 0;
  q[255] = 63;
  int scale[16];
  for (int s = 0; s < 16; ++s) scale[s] = static_cast<int>(random() % 256) - 128;
  scale[3] = -128;
  const std::uint16_t d = f16_bits(99, -9);
  // Value 128 n + 32 k + l (half n, quarter k): its low four bits in ql[64 n + 32 (k mod 2) + l]
  // (low nibble for k < 2, high for k ≥ 2), its top two bits at bits 2k, 2k+1 of qh[32 n + l];
  // sub-block s = value / 16 has scales[s].
  std::vector<std::uint8_t> ql(128, 0);
  std::vector<std::uint8_t> qh(64, 0);
  for (int n = 0; n < 2; ++n) {
    for (int k = 0; k < 4; ++k) {
      for (int l = 0; l < 32; ++l) {
        const int value = q[128 * n + 32 * k + l];
        ql[64 * n + 32 * (k % 2) + l] |= static_cast<std::uint8_t>((value & 0x0F) << (4 * (k / 2)));
        qh[32 * n + l] |= static_cast<std::uint8_t>((value >> 4) << (2 * k));
      }
    }
  }
  for (int i = 0; i < 128; ++i) bytes[i] = static_cast<std::byte>(ql[i]);
  for (int i = 0; i < 64; ++i) bytes[128 + i] = static_cast<std::byte>(qh[i]);
  for (int s = 0; s < 16; ++s) bytes[192 + s] = static_cast<std::byte>(static_cast<std::uint8_t>(scale[s]));
  put_u16(bytes, 208, d);
  std::vector<double> want(256);
  for (int i = 0; i < 256; ++i) want[i] = f16_value(d) * scale[i / 16] * (q[i] - 32);
  expect_close(run(GgmlType::Q6_K, bytes, 256), want);
}

TEST(GgufDequantize, RefusesTypesItCannotReadAndWrongSizes) {
  std::vector<std::byte> bytes(176);
  std::vector<float> out(256);
  EXPECT_THROW(core::dequantize(GgmlType::Q5_K, bytes, out), std::invalid_argument);
  std::vector<std::byte> short_block(33);
  std::vector<float> block(32);
  EXPECT_THROW(core::dequantize(GgmlType::Q8_0, short_block, block), std::invalid_argument);
}

// llama.cpp's own output: the first values of one tensor per type of the committed fixtures, as
// gguf-py's dequantiser expands them (tests/fixtures/make_gguf_dequantized.py). Both compute each
// value from the same stored numbers in float32; they agree bit for bit (measured for every type).
class GgufDequantizeLikeLlamaCpp : public ::testing::TestWithParam<std::string> {};

TEST_P(GgufDequantizeLikeLlamaCpp, MatchesGgufPy) {
  const std::filesystem::path folder = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "gguf" / "dequantized";
  std::ifstream index_stream(folder / "index.json");
  const nlohmann::json entry = nlohmann::json::parse(index_stream).at(GetParam());
  const test::NpyArray want = test::read_npy((folder / (GetParam() + ".npy")).string());
  const core::GgufFile file =
      core::GgufFile::open(folder.parent_path() / entry.at("file").get<std::string>());
  const core::GgufTensor* tensor = file.find_tensor(entry.at("tensor").get<std::string>());
  ASSERT_NE(tensor, nullptr);
  EXPECT_EQ(core::ggml_type_name(tensor->type), GetParam());
  std::vector<float> got(static_cast<std::size_t>(tensor->element_count()));
  core::dequantize(static_cast<GgmlType>(tensor->type), file.bytes(*tensor), got);
  ASSERT_EQ(want.values.size(), entry.at("count").get<std::size_t>());
  ASSERT_GE(got.size(), want.values.size());
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    ASSERT_EQ(got[i], want.values[i]) << GetParam() << " value " << i;
  }
  // A layout mistake changes most values by far more than that; this guards the loop's reach.
  EXPECT_GT(std::count_if(want.values.begin(), want.values.end(), [](float v) { return v != 0.0f; }), 1000);
}

INSTANTIATE_TEST_SUITE_P(Types, GgufDequantizeLikeLlamaCpp,
                         ::testing::Values("F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K"));

}  // namespace
