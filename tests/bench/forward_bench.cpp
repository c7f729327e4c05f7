// attnscope_bench: Google Benchmark timings of the inference forward pass (with the full attention
// trace, as the app records it), model opening, and the linear-layer kernel. Not run by ctest;
// docs/performance.md lists the commands and what they measured.
//
//   build/tests/bench/attnscope_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// The BERT-base-shaped model (440 MB) is written once to the temporary directory (bert_model.h).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/head_analysis.h"
#include "bert_model.h"
#include "families/load_model.h"
#include "nn/feed_forward.h"
#include "nn/norm.h"
#include "tensor/gemm.h"
#include "tensor/memory_reuse.h"
#include "tensor/scalar_types.h"
#include "model/model.h"
#include "tensor/tensor.h"
#include "tensor/thread_pool.h"
#include "model/trace.h"
#include "model/transformer.h"

namespace {

// Ids spread over the vocabulary; none for a side the model does not have (vocab_size 0).
std::vector<int> bench_ids(int length, int vocab_size) {
  if (vocab_size <= 0) return {};
  const int first = vocab_size > 200 ? 100 : 0;
  const int span = std::min(1000, vocab_size - first);
  std::vector<int> ids(static_cast<std::size_t>(length));
  for (int i = 0; i < length; ++i) ids[static_cast<std::size_t>(i)] = first + i % span;
  return ids;
}

const core::Model& cached_model(const std::filesystem::path& folder) {
  static std::map<std::filesystem::path, std::unique_ptr<core::Model>> models;
  std::unique_ptr<core::Model>& model = models[folder];
  if (!model) model = std::make_unique<core::Model>(core::load_model(folder));
  return *model;
}

void run_forward(benchmark::State& state, const core::Model& model, int length, int threads) {
  const core::ModelSpec& config = model.spec();
  const int s = std::min(length, config.max_positions);
  const int t = s;
  const std::vector<int> source = bench_ids(s, config.source_vocab_size);
  const std::vector<int> target = bench_ids(t, config.target_vocab_size);
  core::ForwardOptions options;
  options.threads = threads;
  benchmark::DoNotOptimize(core::forward(model, source, target, options));  // warm-up
  for (auto _ : state) benchmark::DoNotOptimize(core::forward(model, source, target, options));
  const double flops = core::forward_flops(config, config.has_encoder() ? s : 0, config.has_decoder() ? t : 0);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["tokens"] = s;
}

// args: tokens, threads
void BM_ForwardBertBase(benchmark::State& state) {
  run_forward(state, cached_model(bench::bert_base_model()), static_cast<int>(state.range(0)),
              static_cast<int>(state.range(1)));
}
BENCHMARK(BM_ForwardBertBase)
    ->ArgNames({"tokens", "threads"})
    ->ArgsProduct({{16, 128, 512}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Opening the 440 MB checkpoint: config, tokenizer, every tensor's checks and the NaN scan
// (warm page cache: the first iteration is not special because the folder was just written or read).
void BM_OpenBertBase(benchmark::State& state) {
  const std::filesystem::path folder = bench::bert_base_model();
  for (auto _ : state) benchmark::DoNotOptimize(core::load_model(folder));
}
BENCHMARK(BM_OpenBertBase)->Unit(benchmark::kMillisecond)->UseRealTime();

// One hand-off to the pool and back with nothing to do: what every split linear layer pays on top
// of its arithmetic (a pass at 16 tokens makes about 50 of them).
void BM_ParallelForHandOff(benchmark::State& state) {
  const core::ScopedThreads threads(2);
  int parts_run = 0;
  for (auto _ : state) {
    core::parallel_for(2, [&](int part) {
      if (part == 1) benchmark::DoNotOptimize(++parts_run);
    });
  }
}
BENCHMARK(BM_ParallelForHandOff)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The linear-layer kernel on its own, single-threaded: y = x Wᵀ for BERT-base's shapes.
// args: tokens, out, in
void BM_GemmNt(benchmark::State& state) {
  const Eigen::Index m = state.range(0), n = state.range(1), k = state.range(2);
  const core::RowMatrix x = core::RowMatrix::Random(m, k);
  const core::RowMatrix w = core::RowMatrix::Random(n, k);
  core::RowMatrix y(m, n);
  for (auto _ : state) {
    core::gemm_nt(m, n, k, x.data(), k, w.data(), k, y.data(), n);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * static_cast<double>(m * n * k) * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_GemmNt)
    ->ArgNames({"tokens", "out", "in"})
    ->ArgsProduct({{16, 64, 128, 512}, {768}, {768}})
    ->Args({128, 3072, 768})
    ->Args({128, 768, 3072})
    ->Args({512, 64, 512})   // one head's α̂ v at 512 tokens (d_k 64)
    ->Args({512, 512, 64})   // one head's q kᵀ at 512 tokens
    ->Args({64, 2048, 64})   // a 64-row block of one head's q kᵀ over 2,048 keys (on-demand α̂)
    ->Args({256, 2048, 64})  // the same block of four query heads that read one key head, stacked
    ->Unit(benchmark::kMicrosecond);

// y = x Wᵀ with W stored as bfloat16, multiplied as `dot` says, single-threaded. args: tokens, out, in
void gemm_with_bf16_weight(benchmark::State& state, core::DotProduct dot) {
  const Eigen::Index m = state.range(0), n = state.range(1), k = state.range(2);
  const core::RowMatrix x = core::RowMatrix::Random(m, k);
  const core::RowMatrix w_wide = core::RowMatrix::Random(n, k);
  std::vector<std::uint16_t> w_bits(static_cast<std::size_t>(n * k));
  for (std::size_t i = 0; i < w_bits.size(); ++i) w_bits[i] = core::float_to_bf16(w_wide.data()[i]);
  const core::WeightMatrix w{w_bits.data(), n, k, core::ScalarType::BF16, dot};
  core::RowMatrix y(m, n);
  for (auto _ : state) {
    core::gemm_nt(m, x.data(), k, w, y.data(), n);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * static_cast<double>(m * n * k) * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

// The same with a bfloat16 weight read as stored (exact precision), single-threaded, for the
// Llama-3.2-1B-shaped model's shapes as one of two threads sees them: q/o projections (out 1024 of
// 2048, in 2048), the FFN's gate/up (4096 of 8192, in 2048) and down (1024 of 2048, in 8192).
void BM_GemmNtBf16Weights(benchmark::State& state) { gemm_with_bf16_weight(state, core::DotProduct::F32); }
BENCHMARK(BM_GemmNtBf16Weights)
    ->ArgNames({"tokens", "out", "in"})
    ->ArgsProduct({{16, 64, 512}, {1024}, {2048}})
    ->Args({512, 4096, 2048})
    ->Args({512, 1024, 8192})
    ->Unit(benchmark::kMicrosecond);

// Fast precision's product, single-threaded: the activations rounded to bfloat16 (each call, as
// gemm_nt does) times a bfloat16 weight, float32 sums (vdpbf16ps where the CPU has it and it pays).
// BERT-base's shapes as in BM_GemmNt.
void BM_GemmNtFast(benchmark::State& state) { gemm_with_bf16_weight(state, core::DotProduct::Bf16); }
BENCHMARK(BM_GemmNtFast)
    ->ArgNames({"tokens", "out", "in"})
    ->ArgsProduct({{16, 128, 512}, {768}, {768}})
    ->Args({512, 3072, 768})
    ->Args({512, 768, 3072})
    ->Unit(benchmark::kMicrosecond);

// The same product through Eigen, for comparison.
void BM_EigenProduct(benchmark::State& state) {
  const Eigen::Index m = state.range(0), n = state.range(1), k = state.range(2);
  const core::RowMatrix x = core::RowMatrix::Random(m, k);
  const core::RowMatrix w = core::RowMatrix::Random(n, k);
  core::RowMatrix y(m, n);
  for (auto _ : state) {
    y.noalias() = x * w.transpose();
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * static_cast<double>(m * n * k) * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_EigenProduct)
    ->ArgNames({"tokens", "out", "in"})
    ->ArgsProduct({{16, 128, 512}, {768}, {768}})
    ->Args({128, 3072, 768})
    ->Args({128, 768, 3072})
    ->Unit(benchmark::kMicrosecond);

// GELU (erf) over a BERT-base FFN's hidden activations at 128 tokens, through the active kernel set
// (ATTNSCOPE_ISA=portable gives Eigen's erf at the x86-64-v2 baseline). Each iteration first copies
// the input back (GELU in place would otherwise drive the values into subnormals): the copy is in
// the time of both sets alike.
void BM_GeluErf(benchmark::State& state) {
  const core::RowMatrix input = core::RowMatrix::Random(state.range(0), state.range(1)) * 3.0f;
  core::RowMatrix x(input.rows(), input.cols());
  for (auto _ : state) {
    x = input;
    core::activate(x, core::Activation::GeluErf);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * input.size());
}
BENCHMARK(BM_GeluErf)->ArgNames({"tokens", "d_ff"})->Args({128, 3072})->Unit(benchmark::kMicrosecond);

// LayerNorm of every row (BERT-base's d_model), out of place, through the active kernel set.
void BM_LayerNorm(benchmark::State& state) {
  const core::RowMatrix x = core::RowMatrix::Random(state.range(0), state.range(1)).array() + 2.0f;
  const core::RowVector gamma = core::RowVector::Random(state.range(1));
  const core::RowVector beta = core::RowVector::Random(state.range(1));
  const core::NormWeights weights{{gamma.data(), gamma.size()}, {beta.data(), beta.size()}};
  for (auto _ : state) {
    core::RowMatrix y = core::normalize(x, weights, core::NormSpec{});
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * x.size());
}
BENCHMARK(BM_LayerNorm)->ArgNames({"tokens", "d_model"})->Args({512, 768})->Unit(benchmark::kMicrosecond);

// Every head's metrics (entropy, distances, sink share) of one causal layer whose α̂ is kept on
// demand, shaped as one of Llama-3.2-1B's: 32 query heads of 64 dimensions over 8 key heads.
// Each head's α̂ is recomputed 64 query rows at a time from random Q and K. The time per
// iteration is one layer's; docs/performance.md's "all 512 heads" is 16 layers of it.
void BM_OnDemandLayerMetrics(benchmark::State& state) {
  const auto tokens = static_cast<Eigen::Index>(state.range(0));
  core::AttentionScoreInputs inputs;
  inputs.spec.heads = 32;
  inputs.spec.kv_heads = 8;
  inputs.spec.head_dim = 64;
  inputs.spec.scale = 0.125f;
  inputs.spec.mask = core::MaskKind::Causal;
  inputs.q = core::RowMatrix::Random(tokens, 32 * 64) * 2.0f;
  inputs.k = core::RowMatrix::Random(tokens, 8 * 64) * 2.0f;
  auto on_demand = std::make_shared<core::OnDemandAttention>();
  on_demand->decoder_self.push_back(std::move(inputs));
  core::AttentionTrace trace;
  trace.on_demand = on_demand;
  const std::vector<int> sinks = {0};
  const core::ScopedThreads threads(static_cast<int>(state.range(1)));
  for (auto _ : state) {
    const std::vector<core::HeadMetrics> metrics = measure_heads(trace, core::AttentionKind::DecoderSelf, sinks);
    benchmark::DoNotOptimize(metrics.data());
  }
}
BENCHMARK(BM_OnDemandLayerMetrics)
    ->ArgNames({"tokens", "threads"})
    ->Args({1024, 2})
    ->Args({4096, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The bundled models (models/) and the small encoder-decoder test models: 32 source and 32 target
// tokens (capped at each model's maximum), 1 and 2 threads.
void register_small_models() {
  const std::filesystem::path models = ATTNSCOPE_MODELS;
  const std::filesystem::path data = ATTNSCOPE_TEST_DATA;
  for (const std::filesystem::path& folder :
       {models / "translate-en-zh", models / "reverse", models / "induction", data / "peer/marian-tiny-short",
        data / "peer/bart-tiny-short", data / "torch/encdec-post-relu", data / "torch/encdec-pre-silu-none"}) {
    const std::string name = folder.parent_path().filename().string() + "/" + folder.filename().string();
    for (const int threads : {1, 2}) {
      const std::string label = "BM_ForwardSmall/" + name + "/tokens:32/threads:" + std::to_string(threads);
      benchmark::RegisterBenchmark(label.c_str(),
                                   [folder, threads](benchmark::State& state) {
                                     run_forward(state, cached_model(folder), 32, threads);
                                   })
          ->Unit(benchmark::kMicrosecond)
          ->UseRealTime();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  core::keep_freed_memory_for_reuse();  // as attnscope and attnscope-cli do
  register_small_models();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
