#include "tensor/memory_reuse.h"

#include <climits>

#if defined(__GLIBC__)
#include <malloc.h>
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

}  // namespace core
