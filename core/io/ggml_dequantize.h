#pragma once
// GGUF tensor data → float32: the F32, F16 and BF16 element types and the quantised block formats
// Q8_0, Q4_0, Q4_K and Q6_K (ggml_types.h lists their sizes). Written from the block layouts of
// ggml's format (ggml-common.h) and gguf-py's quants.py; every formula is above the line that
// computes it. A block's values are the consecutive values of one row, lowest index first.
//
//   Q8_0 (32 values, 34 bytes):  d: f16 | q[32]: int8
//        x_i = d · q_i
//   Q4_0 (32 values, 18 bytes):  d: f16 | qs[16]: byte j holds q_j (low nibble) and q_{j+16} (high nibble)
//        x_i = d · (q_i − 8)
//   Q4_K (256 values, 144 bytes): d: f16 | dmin: f16 | scales[12] | qs[128]
//        8 sub-blocks s of 32 values; 6-bit scale sc_s and min m_s packed into scales[12];
//        sub-blocks 2p and 2p+1 share the bytes qs[32p .. 32p+31], low nibbles for 2p, high for 2p+1
//        x = d · sc_s · q − dmin · m_s
//   Q6_K (256 values, 210 bytes): ql[128] (low 4 bits) | qh[64] (high 2 bits) | scales[16]: int8 | d: f16
//        16 sub-blocks of 16 values, each with its scale; q is 6 bits, stored offset by 32
//        x = d · scale_s · (q − 32)

#include <cstddef>
#include <span>

#include "io/ggml_types.h"

namespace core {

// Writes out.size() values stored as `type` into out. out.size() must be a multiple of the type's
// block size and bytes exactly out.size() / block_size × block_bytes long, and the type one that
// ggml_type_info marks dequantized; otherwise throws std::invalid_argument (the loader checks
// shapes and types first, so this is a programming error, not a file error).
void dequantize(GgmlType type, std::span<const std::byte> bytes, std::span<float> out);

}  // namespace core
