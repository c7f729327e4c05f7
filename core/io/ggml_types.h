#pragma once
// The element types of GGUF tensors (ggml's `ggml_type`), as llama.cpp numbers them in the file.
// A quantised type stores a row in blocks: `block_size` consecutive values of the row packed into
// `block_bytes` bytes. A row of n values therefore takes n / block_size × block_bytes bytes, and n
// must be a multiple of block_size.
//
//   type    values/block  bytes/block  a block holds
//   F32           1            4       the float32 value
//   F16           1            2       an IEEE half
//   BF16          1            2       a bfloat16
//   Q8_0         32           34       d (f16), then 32 int8 q:            x = d · q
//   Q4_0         32           18       d (f16), then 16 bytes of nibbles:  x = d · (q − 8)
//   Q4_K        256          144       8 sub-blocks of 32, 6-bit scales and mins (ggml_dequantize.h)
//   Q6_K        256          210       16 sub-blocks of 16, 8-bit scales (ggml_dequantize.h)
// The other types ggml defines are known by size (so a file holding them can be checked and its
// other tensors read) but not dequantised: a model that needs one is refused, naming it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace core {

enum class GgmlType : std::uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q4_1 = 3,
  Q5_0 = 6,
  Q5_1 = 7,
  Q8_0 = 8,
  Q8_1 = 9,
  Q2_K = 10,
  Q3_K = 11,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  Q8_K = 15,
  IQ2_XXS = 16,
  IQ2_XS = 17,
  IQ3_XXS = 18,
  IQ1_S = 19,
  IQ4_NL = 20,
  IQ3_S = 21,
  IQ2_S = 22,
  IQ4_XS = 23,
  I8 = 24,
  I16 = 25,
  I32 = 26,
  I64 = 27,
  F64 = 28,
  IQ1_M = 29,
  BF16 = 30,
  TQ1_0 = 34,
  TQ2_0 = 35,
};

struct GgmlTypeInfo {
  const char* name;         // as llama.cpp prints it: "Q4_K"
  std::size_t block_size;   // values per block
  std::size_t block_bytes;  // bytes per block
  bool dequantized;         // whether AttentionScope can turn it into float32 (ggml_dequantize.h)
};

// The facts above for a type number read from a file; nothing for a number ggml does not define.
std::optional<GgmlTypeInfo> ggml_type_info(std::uint32_t type);

// "Q4_K", or "type 99" for a number ggml does not define.
std::string ggml_type_name(std::uint32_t type);

// The supported types, for messages: "F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K".
std::string dequantized_type_names();

}  // namespace core
