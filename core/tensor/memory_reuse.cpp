#include "tensor/memory_reuse.h"

#include <climits>

#include <cstdint>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace core {

bool keep_freed_memory_for_reuse(const MemoryReuse& reuse) {
#if defined(__GLIBC__)
  // Setting either value also turns off glibc's own sliding threshold, which starts at 128 KiB.
  const auto as_int = [](std::size_t bytes) { return static_cast<int>(bytes < INT_MAX ? bytes : INT_MAX); };
  const bool mapped = mallopt(M_MMAP_THRESHOLD, as_int(reuse.map_from)) == 1;
  const bool trimmed = mallopt(M_TRIM_THRESHOLD, as_int(reuse.trim_above)) == 1;
  return mapped && trimmed;
#else
  (void)reuse;
  return false;
#endif
}

void advise_huge_pages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (data == nullptr || bytes < huge_pages_from) return;
  // Only whole 2 MiB pages inside the block: its first and last partial ones keep 4 KiB pages.
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  // Advice, not a requirement: where the kernel says no, the block keeps its 4 KiB pages.
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

RowMatrix large_matrix(Eigen::Index rows, Eigen::Index cols) {
  RowMatrix matrix(rows, cols);
  advise_huge_pages(matrix.data(), static_cast<std::size_t>(matrix.size()) * sizeof(float));
  return matrix;
}

}  // namespace core
