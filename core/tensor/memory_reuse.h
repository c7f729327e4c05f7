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

#include "tensor/tensor.h"

namespace core {

// Blocks from this size on get a mapping of their own from glibc (the largest M_MMAP_THRESHOLD it
// takes), so they go back to the kernel when freed and come back as new pages.
inline constexpr std::size_t huge_pages_from = std::size_t{32} << 20;

struct MemoryReuse {
  // Blocks from this size on still come from (and go back to) the kernel directly: a 4,096-token
  // layer's α̂ of a long input must not stay in the process after its view is gone.
  std::size_t map_from = huge_pages_from;
  // The heap gives memory back to the kernel only when this much is free at its top. Above the
  // largest pass's trace: 128 MiB still trimmed (and faulted again) the 144 MiB of a one-thread
  // 512-token pass.
  std::size_t trim_above = std::size_t{1} << 30;
};

// Applies `reuse` to this process's allocator (glibc's mallopt); elsewhere it does nothing.
// Returns whether the C library took both settings.
bool keep_freed_memory_for_reuse(const MemoryReuse& reuse = {});

// Asks the kernel to back [data, data + bytes) with 2 MiB pages where it can (Linux transparent
// huge pages, which this project's hosts give to regions that ask: "madvise" mode), before the
// block is first written. Blocks under huge_pages_from are left alone (they are reused from the
// heap). On a 4,096-token Llama-3.2-1B-shaped pass one head's α̂ (64 MiB) took 100 ms with 4 KiB
// pages and 14 ms with 2 MiB ones, most of it page faults (docs/performance.md).
void advise_huge_pages(void* data, std::size_t bytes);

// A rows × cols matrix whose values the caller writes before reading (as Eigen's own constructor:
// not initialised), on huge pages when it is large (advise_huge_pages).
RowMatrix large_matrix(Eigen::Index rows, Eigen::Index cols);

}  // namespace core
