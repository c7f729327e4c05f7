#include "tensor/kernels.h"

#include <array>

#include "tensor/isa.h"

namespace core {

namespace {

const std::array<KernelSet, 4>& all_sets() {
  static const std::array<KernelSet, 4> sets = kernel_sets_up_to(detected_isa());
  return sets;
}

}  // namespace

std::array<KernelSet, 4> kernel_sets_up_to(Isa best) {
  std::array<KernelSet, 4> sets{};
  sets[static_cast<int>(Isa::Portable)] = portable_kernel_set();
#if defined(ATTNSCOPE_X86_KERNELS)
  // Each constructor is compiled for its own instruction set (GCC fills the struct with AVX
  // moves), so one above what the CPU has must not even be called.
  if (best >= Isa::Avx2) sets[static_cast<int>(Isa::Avx2)] = avx2_kernel_set();
  if (best >= Isa::Avx512) sets[static_cast<int>(Isa::Avx512)] = avx512_kernel_set();
  if (best >= Isa::Avx512Bf16) sets[static_cast<int>(Isa::Avx512Bf16)] = avx512bf16_kernel_set();
#else
  static_cast<void>(best);
#endif
  return sets;
}

const KernelSet* kernels_for(Isa isa) {
  if (isa > detected_isa()) return nullptr;
  return &all_sets()[static_cast<int>(isa)];
}

const KernelSet& active_kernels() {
  static const KernelSet& active = *kernels_for(active_isa());
  return active;
}

}  // namespace core
