#pragma once
// Random benchmark weights: splitmix64, fast, deterministic and good enough for weights whose
// values do not matter (bert_model.cpp, make_llama_1b.cpp).

#include <cstdint>

namespace bench {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  float uniform() {  // in [-1, 1)
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<float>(z >> 40) / static_cast<float>(1ull << 23) - 1.0f;
  }

 private:
  std::uint64_t state_;
};

}  // namespace bench
