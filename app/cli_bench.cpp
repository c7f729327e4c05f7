#include "cli_bench.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iomanip>
#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/head_analysis.h"
#include "cli_model.h"
#include "cli_options.h"
#include "cli_progress.h"
#include "tensor/isa.h"
#include "tensor/thread_pool.h"
#include "families/load_model.h"
#include "model/memory_budget.h"
#include "model/memory_estimate.h"
#include "model/model.h"
#include "model/transformer.h"

namespace cli {

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of the whole process (every thread), in ms: on a shared machine the wall-clock times
// above depend on the load, this one hardly (docs/performance.md).
double process_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

struct Summary {
  double median = 0;
  double min = 0;
  double max = 0;
};

Summary summarise(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  const std::size_t n = times.size();
  const double median = n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
  return {median, times.front(), times.back()};
}

int parse_positive(const std::string& flag, const std::string& text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    throw UsageError(flag + " needs a positive integer, got \"" + text + "\"");
  }
  return value;
}

// Deterministic ids that every vocabulary has: 100, 101, … wrapping, or from 0 for tiny vocabularies.
std::vector<int> bench_ids(int length, int vocab_size) {
  const int first = vocab_size > 200 ? 100 : 0;
  const int span = std::min(1000, vocab_size - first);
  std::vector<int> ids(static_cast<std::size_t>(length));
  for (int i = 0; i < length; ++i) ids[static_cast<std::size_t>(i)] = first + i % span;
  return ids;
}

// Resident set size now, in MiB, from /proc (Linux); 0 where unavailable.
double current_rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      double kib = 0;
      status >> kib;
      return kib / 1024.0;
    }
    status.ignore(1 << 20, '\n');
  }
  return 0;
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int run_bench(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments, {"--model", "--len", "--threads", "--repeat", "--open-repeat", "--precision",
                         "--memory-budget", "--attention"},
                        {"--json", "--no-warmup"});
  const std::filesystem::path folder = locate_model_folder(options.required("--model"));
  const int length = parse_positive("--len", options.required("--len"));
  const int threads = options.value("--threads") ? parse_positive("--threads", *options.value("--threads")) : 0;
  const int repeat = options.value("--repeat") ? parse_positive("--repeat", *options.value("--repeat")) : 10;
  const int open_repeat =
      options.value("--open-repeat") ? parse_positive("--open-repeat", *options.value("--open-repeat")) : 3;
  const std::size_t memory_budget = memory_budget_option(options);

  // Opening: config, tokenizer, every tensor's checks and the NaN scan; the last one is kept.
  std::vector<double> open_times;
  std::optional<core::Model> model;
  for (int i = 0; i < open_repeat; ++i) {
    model.reset();
    const Clock::time_point start = Clock::now();
    model.emplace(core::load_model(folder, memory_budget));
    open_times.push_back(milliseconds_since(start));
  }
  const double rss_after_open = current_rss_mib();
  const core::ModelSpec& config = model->spec();
  const int source_length = std::min(length, config.max_positions);
  const int target_length = std::min(length, config.max_positions);
  const std::vector<int> source = bench_ids(source_length, config.source_vocab_size);
  const std::vector<int> target = bench_ids(target_length, config.target_vocab_size);

  core::ForwardOptions forward_options;
  forward_options.threads = threads;
  forward_options.precision = precision_option(options);
  forward_options.memory_budget = memory_budget;
  forward_options.attention = attention_option(options);
  const core::MemoryEstimate estimate = core::estimate_forward_memory(
      config, static_cast<std::size_t>(source_length), static_cast<std::size_t>(target_length), forward_options);
  // The fast precision's weights are made once, at the first fast pass: make them before timing.
  model->weights(forward_options.precision);
  std::vector<double> times;
  std::vector<double> cpu_times;
  std::optional<core::ForwardResult> result;
  // One untimed warm-up pass faults the weights in and lets the allocator settle (--no-warmup: none,
  // for passes of minutes).
  for (int i = options.has("--no-warmup") ? 0 : -1; i < repeat; ++i) {
    result.reset();  // one pass's trace alive at a time
    const Clock::time_point start = Clock::now();
    const double cpu_start = process_cpu_ms();
    ProgressLine progress("bench");
    forward_options.progress = progress.forward_callback();
    result.emplace(core::forward(*model, source, target, forward_options));
    forward_options.progress = {};
    const double elapsed = milliseconds_since(start);
    if (i >= 0) times.push_back(elapsed);
    if (i >= 0) cpu_times.push_back(process_cpu_ms() - cpu_start);
  }
  const std::int64_t trace_size = static_cast<std::int64_t>(result->trace.bytes());
  const Summary forward = summarise(times);

  // What a view asks of the trace: one head's α̂ (the last layer's first head of the decoder, or of
  // the encoder), median of 3; then every head's per-head metrics (no pairwise map), once.
  const core::ScopedThreads analysis_threads(threads);
  const core::AttentionKind kind = config.has_decoder() ? core::AttentionKind::DecoderSelf : core::AttentionKind::EncoderSelf;
  const int last_layer = result->trace.layer_count(kind) - 1;
  std::vector<double> head_times;
  std::vector<double> head_cpu_times;
  for (int i = 0; i < 3; ++i) {
    const Clock::time_point start = Clock::now();
    const double cpu_start = process_cpu_ms();
    const core::RowMatrix alpha_hat = result->trace.attention(kind, last_layer, 0);
    head_times.push_back(milliseconds_since(start));
    head_cpu_times.push_back(process_cpu_ms() - cpu_start);
  }
  const Summary one_head = summarise(head_times);
  const Summary one_head_cpu = summarise(head_cpu_times);
  int heads_measured = 0;
  const Clock::time_point metrics_start = Clock::now();
  const double metrics_cpu_start = process_cpu_ms();
  for (const core::AttentionKind each :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    const std::vector<int> sinks = {0};
    heads_measured += static_cast<int>(core::measure_heads(result->trace, each, sinks).size());
  }
  const double metrics_ms = milliseconds_since(metrics_start);
  const double metrics_cpu_ms = process_cpu_ms() - metrics_cpu_start;
  const Summary forward_cpu = summarise(cpu_times);
  const Summary open = summarise(open_times);
  const double flops = core::forward_flops(config, config.has_encoder() ? source_length : 0,
                                     config.has_decoder() ? target_length : 0);
  const double gflops = flops / (forward.median * 1e6);

  if (options.has("--json")) {
    const nlohmann::json report = {
        {"model", config.name},       {"tokens", length},
        {"threads", threads},         {"repeat", repeat},
        {"median_ms", forward.median}, {"min_ms", forward.min},
        {"max_ms", forward.max},       {"gflop", flops / 1e9},
        {"gflops", gflops},           {"open_median_ms", open.median},
        {"open_min_ms", open.min},     {"open_max_ms", open.max},
        {"trace_mib", static_cast<double>(trace_size) / (1024.0 * 1024.0)},
        {"estimate_mib", static_cast<double>(estimate.total()) / (1024.0 * 1024.0)},
        {"budget_mib", static_cast<double>(memory_budget) / (1024.0 * 1024.0)},
        {"rss_after_open_mib", rss_after_open},
        {"peak_rss_mib", peak_rss_mib()},
        {"precision", core::to_string(forward_options.precision)},
        {"attention", result->trace.is_dense() ? "dense" : "on-demand"},
        {"one_head_ms", one_head.median},
        {"heads", heads_measured},
        {"all_heads_metrics_ms", metrics_ms},
        {"median_cpu_ms", forward_cpu.median},
        {"one_head_cpu_ms", one_head_cpu.median},
        {"all_heads_metrics_cpu_ms", metrics_cpu_ms},
        {"kernels", core::to_string(core::active_isa())},
    };
    out << report.dump() << '\n';
    return 0;
  }
  out << std::fixed << std::setprecision(2);
  out << "model:        " << config.name << " (" << config.family << ", " << model->tensors().parameter_count
      << " parameters)\n"
      << "open:         median " << open.median << " ms, min " << open.min << " ms, max " << open.max << " ms ("
      << open_repeat << " opens)\n"
      << "input:        " << length << " tokens";
  if (source_length < length) out << " (capped at " << source_length << ")";
  out << ", " << (threads > 0 ? std::to_string(threads) : std::string("default")) << " threads, " << repeat
      << (options.has("--no-warmup") ? " passes, no warm-up\n" : " passes after one warm-up\n")
      << "precision:    " << core::to_string(forward_options.precision) << '\n'
      << "kernels:      " << kernels_line() << '\n'
      << "forward:      median " << forward.median << " ms, min " << forward.min << " ms, max " << forward.max
      << " ms (with the attention trace; CPU time of all threads at the median " << forward_cpu.median << " ms)\n"
      << "compute:      " << flops / 1e9 << " GFLOP per pass, " << gflops << " GFLOP/s at the median\n"
      << "trace:        " << static_cast<double>(trace_size) / (1024.0 * 1024.0) << " MiB, "
      << (result->trace.is_dense() ? "dense (every head's α̂)" : "on demand (each layer's Q and K)") << '\n'
      << "one head:     median " << one_head.median << " ms for one head's α̂ (" << core::to_string(kind) << " layer "
      << last_layer << " head 0, 3 times; CPU " << one_head_cpu.median << " ms)\n"
      << "head metrics: " << metrics_ms << " ms for all " << heads_measured << " heads' per-head metrics (CPU "
      << metrics_cpu_ms << " ms)\n"
      << "memory:       RSS after open " << rss_after_open << " MiB, peak RSS " << peak_rss_mib() << " MiB\n"
      << "estimate:     " << core::format_bytes(estimate.total()) << " per pass, budget "
      << (memory_budget > 0 ? core::format_bytes(memory_budget) : std::string("none")) << '\n';
  return 0;
}

}  // namespace cli
