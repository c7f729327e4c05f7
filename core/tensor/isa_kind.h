#pragma once
// The instruction sets the kernels are built for (isa.h picks one at run time). Its own header, with
// no includes, so the per-ISA kernel units can name it without pulling in library code.

namespace core {

// Ordered: each set includes the ones before it.
enum class Isa { Portable, Avx2, Avx512, Avx512Bf16 };

}  // namespace core
