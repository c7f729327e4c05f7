#pragma once
// How the C library hands memory back, set once by each program's main().
//
// A pass allocates its attention trace afresh (144 MiB for BERT-base at 512 tokens) and frees the
// previous one. By default glibc gives such blocks back to the kernel at once (mmap for large
// ones, heap trimming for the rest), so every pass touches brand-new pages: 36,000 page faults a
// pass there, which under this project's hypervisor took half of a 512-token pass (perf: 17 % in
// the kernel's fault path, and the threads waiting on it; docs/performance.md, "Page faults").
// keep_freed_memory_for_reuse() keeps freed blocks below `map_from` in the process for the next
// pass instead. The peak memory does not grow (a pass reuses what the previous one freed): BERT-base
// at 512 tokens peaks at 602 MiB either way. What stays in the process after a pass is what it
// allocated in blocks below `map_from`, up to `trim_above`.

#include <cstddef>

namespace core {

struct MemoryReuse {
  // Blocks from this size on still come from (and go back to) the kernel directly: a 4,096-token
  // layer's α̂ of a long input must not stay in the process after its view is gone.
  std::size_t map_from = std::size_t{32} << 20;
  // The heap gives memory back to the kernel only when this much is free at its top. Above the
  // largest pass's trace: 128 MiB still trimmed (and faulted again) the 144 MiB of a one-thread
  // 512-token pass.
  std::size_t trim_above = std::size_t{1} << 30;
};

// Applies `reuse` to this process's allocator (glibc's mallopt); elsewhere it does nothing.
// Returns whether the C library took both settings.
bool keep_freed_memory_for_reuse(const MemoryReuse& reuse = {});

}  // namespace core
