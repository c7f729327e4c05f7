#include "tensor/kernels.h"

#include <array>

#include "tensor/isa.h"

namespace core {

namespace {

// Every set this build has, indexed by Isa; a set the CPU lacks is never handed out.
std::array<KernelSet, 4> build_sets() {
  std::array<KernelSet, 4> sets{};
  sets[static_cast<int>(Isa::Portable)] = portable_kernel_set();
#if defined(ATTNSCOPE_X86_KERNELS)
  sets[static_cast<int>(Isa::Avx2)] = avx2_kernel_set();
  sets[static_cast<int>(Isa::Avx512)] = avx512_kernel_set();
  sets[static_cast<int>(Isa::Avx512Bf16)] = avx512bf16_kernel_set();
#endif
  return sets;
}

const std::array<KernelSet, 4>& all_sets() {
  static const std::array<KernelSet, 4> sets = build_sets();
  return sets;
}

}  // namespace

const KernelSet* kernels_for(Isa isa) {
  if (isa > detected_isa()) return nullptr;
  return &all_sets()[static_cast<int>(isa)];
}

const KernelSet& active_kernels() {
  static const KernelSet& active = *kernels_for(active_isa());
  return active;
}

}  // namespace core
