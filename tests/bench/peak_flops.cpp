// The machine's arithmetic ceiling, the denominator of docs/performance.md's "% of peak": float32
// FMAs (vfmadd231ps) and bfloat16 dot products (vdpbf16ps) in independent accumulator chains (16
// in zmm registers, 12 in ymm) per thread, on one thread and on every thread at once, in wall-clock time.
//
//   build/tests/bench/peak_flops [seconds per run, default 1]
//
// Each instruction set runs only where the CPU has it (libgcc's probe, as core/tensor/isa.cpp).

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int chains = 16;      // zmm: 16 of the 32 registers
constexpr int ymm_chains = 12;  // ymm: 12 of the 16, leaving room for the operands
constexpr long steps_per_call = 1 << 20;

// Each step: 16 independent vfmadd231ps on 16 float32 lanes, 2 FLOP a lane.
__attribute__((target("avx512f"))) double fma512(long calls) {
  __m512 acc[chains];
  for (auto& a : acc) a = _mm512_set1_ps(1.0f);
  const __m512 x = _mm512_set1_ps(0.999999f);
  const __m512 y = _mm512_set1_ps(1e-7f);
  for (long c = 0; c < calls; ++c) {
    for (long s = 0; s < steps_per_call; ++s) {
#pragma GCC unroll 16
      for (int i = 0; i < chains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], x, y);
    }
  }
  __m512 sum = acc[0];
  for (int i = 1; i < chains; ++i) sum = _mm512_add_ps(sum, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return double(calls) * steps_per_call * chains * 16 * 2;
}

__attribute__((target("avx2,fma"))) double fma256(long calls) {
  __m256 acc[ymm_chains];
  for (auto& a : acc) a = _mm256_set1_ps(1.0f);
  const __m256 x = _mm256_set1_ps(0.999999f);
  const __m256 y = _mm256_set1_ps(1e-7f);
  for (long c = 0; c < calls; ++c) {
    for (long s = 0; s < steps_per_call; ++s) {
#pragma GCC unroll 12
      for (int i = 0; i < ymm_chains; ++i) acc[i] = _mm256_fmadd_ps(acc[i], x, y);
    }
  }
  __m256 sum = acc[0];
  for (int i = 1; i < ymm_chains; ++i) sum = _mm256_add_ps(sum, acc[i]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return double(calls) * steps_per_call * ymm_chains * 8 * 2;
}

// Each step: 16 independent vdpbf16ps, each 32 products and 32 additions into 16 float32 sums.
__attribute__((target("avx512f,avx512bf16"))) double dpbf16(long calls) {
  __m512 acc[chains];
  for (auto& a : acc) a = _mm512_setzero_ps();
  const __m512bh x = _mm512_cvtne2ps_pbh(_mm512_set1_ps(1e-3f), _mm512_set1_ps(1e-3f));
  for (long c = 0; c < calls; ++c) {
    for (long s = 0; s < steps_per_call; ++s) {
#pragma GCC unroll 16
      for (int i = 0; i < chains; ++i) acc[i] = _mm512_dpbf16_ps(acc[i], x, x);
    }
  }
  __m512 sum = acc[0];
  for (int i = 1; i < chains; ++i) sum = _mm512_add_ps(sum, acc[i]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return double(calls) * steps_per_call * chains * 32 * 2;
}

using Kernel = double (*)(long);

// GFLOP/s of `threads` threads running `kernel` at once for about `seconds`.
double rate(Kernel kernel, int threads, double seconds) {
  // Calibrate one thread's calls per second, then run.
  const auto t0 = std::chrono::steady_clock::now();
  kernel(1);
  const double one = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const long calls = std::max(1L, long(seconds / one));
  std::vector<double> flops(threads);
  std::vector<std::thread> pool;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) pool.emplace_back([&, t] { flops[t] = kernel(calls); });
  for (auto& thread : pool) thread.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double total = 0;
  for (const double f : flops) total += f;
  return total / elapsed / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 1.0;
  const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  __builtin_cpu_init();
  struct Row {
    const char* name;
    Kernel kernel;
    bool supported;
  };
  const Row rows[] = {
      {"vfmadd231ps ymm (float32)", fma256, __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")},
      {"vfmadd231ps zmm (float32)", fma512, __builtin_cpu_supports("avx512f") != 0},
      {"vdpbf16ps zmm (bfloat16)", dpbf16, __builtin_cpu_supports("avx512bf16") != 0},
  };
  std::printf("%-28s %14s %14s\n", "instruction", "1 thread", std::to_string(threads).append(" threads").c_str());
  for (const Row& row : rows) {
    if (!row.supported) {
      std::printf("%-28s %14s\n", row.name, "not on this CPU");
      continue;
    }
    std::printf("%-28s %9.0f GF/s %9.0f GF/s\n", row.name, rate(row.kernel, 1, seconds),
                rate(row.kernel, threads, seconds));
  }
}
