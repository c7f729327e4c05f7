#include "tensor/row_sums.h"

#include <cmath>

#include "tensor/isa.h"

namespace core {

namespace {

// Entry by entry in float64 with std::log: the reference the vector version is tested against.
void portable_attention_row_sums(const float* row, KernelIndex n, KernelIndex query, double* entropy,
                                 double* distance) {
  double h = 0.0;
  double d = 0.0;
  for (KernelIndex j = 0; j < n; ++j) {
    const double a = row[j];
    // 0 ln 0 = 0
    if (a > 0.0) h -= a * std::log(a);
    d += a * static_cast<double>(query > j ? query - j : j - query);
  }
  *entropy = h;
  *distance = d;
}

}  // namespace

AttentionRowSums attention_row_sums_for(Isa isa) {
  if (isa > detected_isa()) return nullptr;
#if defined(ATTNSCOPE_X86_KERNELS)
  if (isa >= Isa::Avx512) return avx512_attention_row_sums;
  if (isa >= Isa::Avx2) return avx2_attention_row_sums;
#endif
  return portable_attention_row_sums;
}

AttentionRowSums attention_row_sums() {
  static const AttentionRowSums active = attention_row_sums_for(active_isa());
  return active;
}

}  // namespace core
