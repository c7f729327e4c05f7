#include "tensor/isa.h"

#include <array>
#include <cstdlib>
#include <utility>

namespace core {

namespace {

constexpr std::array<std::pair<Isa, const char*>, 4> isa_names{{
    {Isa::Portable, "portable"},
    {Isa::Avx2, "avx2"},
    {Isa::Avx512, "avx512"},
    {Isa::Avx512Bf16, "avx512bf16"},
}};

Isa probe_cpu() {
#if defined(ATTNSCOPE_X86_KERNELS)
  // libgcc's probe also checks that the OS saves the AVX and AVX-512 registers (XGETBV).
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  const bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
  if (avx512 && __builtin_cpu_supports("avx512bf16")) return Isa::Avx512Bf16;
  if (avx512) return Isa::Avx512;
  if (avx2) return Isa::Avx2;
#endif
  return Isa::Portable;
}

}  // namespace

const char* to_string(Isa isa) {
  for (const auto& [value, name] : isa_names) {
    if (value == isa) return name;
  }
  return "?";
}

std::optional<Isa> parse_isa(std::string_view name) {
  for (const auto& [value, text] : isa_names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

Isa detected_isa() {
  static const Isa detected = probe_cpu();
  return detected;
}

IsaChoice choose_isa(const char* requested, Isa detected) {
  if (requested == nullptr || *requested == '\0') return {detected, {}};
  const std::string name(requested);
  const std::optional<Isa> wanted = parse_isa(name);
  if (!wanted) {
    return {detected, "ATTNSCOPE_ISA=" + name + " is not one of portable, avx2, avx512, avx512bf16; using " +
                          to_string(detected)};
  }
  if (*wanted > detected) {
    return {detected, "ATTNSCOPE_ISA=" + name + ": this CPU (or build) lacks it; using " + to_string(detected)};
  }
  return {*wanted, {}};
}

namespace {

const IsaChoice& active_choice() {
  // Read once: every pass of the process runs the same kernels.
  static const IsaChoice choice = choose_isa(std::getenv("ATTNSCOPE_ISA"), detected_isa());
  return choice;
}

}  // namespace

Isa active_isa() { return active_choice().isa; }
const std::string& isa_note() { return active_choice().note; }

}  // namespace core
