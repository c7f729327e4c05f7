// One libFuzzer executable per target: ATTNSCOPE_FUZZ_TARGET names the function in fuzz_targets.h.
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::ATTNSCOPE_FUZZ_TARGET(fuzz::Input(data, size));
  return 0;
}

// Runs the target once on an empty input before fuzzing starts, so the targets that load their
// tokenizers and models on first use (encode, tokenizer_json_encode, sentencepiece_encode) do it
// outside libFuzzer's per-input timeout: loading three real tokenizer.json files under ASan took
// longer than the 10 s that marks a hang.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  fuzz::ATTNSCOPE_FUZZ_TARGET(fuzz::Input());
  return 0;
}
