// keep_freed_memory_for_reuse (tensor/memory_reuse.h): a second pass's blocks come from the pages the
// first pass freed, not from new ones the kernel has to fault in.

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tensor/memory_reuse.h"

// ASan and TSan bring allocators of their own, whose mallopt takes nothing.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ATTNSCOPE_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ATTNSCOPE_OWN_ALLOCATOR 1
#endif
#endif

namespace {

long minor_faults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

// What a pass does with its trace: twelve 12 MiB blocks (a 512-token BERT-base layer's α̂ each),
// all alive at once, every page written, then all freed.
void one_pass() {
  constexpr std::size_t floats = (std::size_t{12} << 20) / sizeof(float);
  std::vector<std::unique_ptr<float[]>> blocks;
  for (int layer = 0; layer < 12; ++layer) {
    blocks.push_back(std::make_unique<float[]>(floats));  // value-initialised: every page written
  }
  volatile float sink = blocks.back()[floats - 1];
  (void)sink;
}

TEST(MemoryReuse, ASecondPassReusesTheFirstPassPages) {
#if !defined(__GLIBC__)
  GTEST_SKIP() << "only glibc's allocator is tuned";
#elif defined(ATTNSCOPE_OWN_ALLOCATOR)
  GTEST_SKIP() << "a sanitizer's allocator replaces glibc's here";
#endif
  ASSERT_TRUE(core::keep_freed_memory_for_reuse());
  one_pass();
  const long before = minor_faults();
  one_pass();
  const long faults = minor_faults() - before;
  // 144 MiB is 36,864 pages of 4 KiB; glibc's defaults give them all back and fault every one again.
  EXPECT_LT(faults, 1000) << faults << " page faults in the second pass";
}

// The kB of transparent huge pages backing the mapping that holds `address` (/proc/self/smaps), or
// -1 when the mapping is not found.
long huge_page_kb_at(const void* address) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= at && at < end;
      continue;
    }
    if (inside && line.rfind("AnonHugePages:", 0) == 0) return std::stol(line.substr(14));
  }
  return -1;
}

TEST(MemoryReuse, AdvisedBlocksAreBackedByHugePagesWhereTheKernelOffersThem) {
  std::ifstream mode_file("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(mode_file, mode);
  if (mode.empty() || mode.find("[never]") != std::string::npos) GTEST_SKIP() << "no transparent huge pages here";
  // A block of its own, as glibc maps one of huge_pages_from bytes or more when its heap has no
  // free chunk that large (in a process that already freed one, the heap's pages are reused
  // instead: that is the other half of this file). 64 MiB: one head's α̂ at 4,096 tokens.
  constexpr std::size_t bytes = std::size_t{64} << 20;
  void* block = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(block, MAP_FAILED);
  core::advise_huge_pages(block, bytes);
  std::memset(block, 0, bytes);
  // The advice covers the whole 2 MiB pages inside the block, which the kernel splits off into a
  // mapping of their own: look in the middle.
  const long huge_kb = huge_page_kb_at(static_cast<char*>(block) + bytes / 2);
  munmap(block, bytes);
  ASSERT_GE(huge_kb, 0) << "no mapping holds the block";
  EXPECT_GE(huge_kb, 32 * 1024) << "AnonHugePages " << huge_kb << " kB of 65,536 (THP mode " << mode << ")";
}

TEST(MemoryReuse, ALargeMatrixHasTheShapeAskedFor) {
  const core::RowMatrix alpha = core::large_matrix(4096, 4096);
  EXPECT_EQ(alpha.rows(), 4096);
  EXPECT_EQ(alpha.cols(), 4096);
  EXPECT_EQ(core::large_matrix(0, 7).size(), 0);
}

}  // namespace
