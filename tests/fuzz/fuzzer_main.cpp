// One libFuzzer executable per target: ATTNSCOPE_FUZZ_TARGET names the function in fuzz_targets.h.
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::ATTNSCOPE_FUZZ_TARGET(fuzz::Input(data, size));
  return 0;
}
