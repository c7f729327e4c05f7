// keep_freed_memory_for_reuse (tensor/memory_reuse.h): a second pass's blocks come from the pages the
// first pass freed, not from new ones the kernel has to fault in.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstddef>
#include <memory>
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

}  // namespace
