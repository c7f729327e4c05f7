#pragma once
// Which instruction set the kernels run on, picked once at run time from the CPU (CPUID), so one
// binary built for the x86-64-v2 baseline uses AVX2, AVX-512 or AVX-512-BF16 where they exist.
// ATTNSCOPE_ISA=portable|avx2|avx512|avx512bf16 forces a lower set (tests use it to reach every path).

#include <optional>
#include <string>
#include <string_view>

#include "tensor/isa_kind.h"

namespace core {

const char* to_string(Isa isa);
std::optional<Isa> parse_isa(std::string_view name);

// The best set this CPU (and this build) supports.
Isa detected_isa();

// What the kernels use: detected_isa(), or the lower set ATTNSCOPE_ISA asks for. Decided once, at
// the first call. A request above what the CPU supports, or an unknown name, is refused and noted
// in isa_note() ("ATTNSCOPE_ISA=avx512bf16: this CPU lacks it; using avx2").
Isa active_isa();
const std::string& isa_note();

// The decision for a given ATTNSCOPE_ISA value (nullptr: not set) on a CPU whose best set is
// `detected`: what active_isa() does, as a pure function for tests.
struct IsaChoice {
  Isa isa = Isa::Portable;
  std::string note;  // empty when the request was honoured or there was none
};
IsaChoice choose_isa(const char* requested, Isa detected);

}  // namespace core
