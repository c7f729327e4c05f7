#pragma once
// The constants of the vector ln of the AVX2 and AVX-512 kernel sets (kernels_avx2.cpp's log256,
// avx512_ops.h's log512): x = 2^e m with m in [√½, √2), f = m − 1, and
//   ln x = e · ln2_hi + (f + (f³ P(f) − f²/2 + e · ln2_lo)),
// P the degree-8 polynomial of the Cephes library's logf, highest power first (Horner's rule), and
// ln 2 split in two so that e · ln2_hi is exact. Plain constants: safe to include in a unit compiled
// for any instruction set.

namespace core::log_polynomial {

inline constexpr float coefficients[] = {7.0376836292e-2f,  -1.1514610310e-1f, 1.1676998740e-1f,
                                         -1.2420140846e-1f, 1.4249322787e-1f,  -1.6668057665e-1f,
                                         2.0000714765e-1f,  -2.4999993993e-1f, 3.3333331174e-1f};
inline constexpr float ln2_hi = 0.693359375f;
inline constexpr float ln2_lo = -2.12194440e-4f;
inline constexpr float sqrt_two = 1.41421356237f;  // m at or above √2 is halved

}  // namespace core::log_polynomial
