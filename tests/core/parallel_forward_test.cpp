// The forward pass's threads (core/thread_pool.h) and kernel (core/gemm.h): splitting work across
// threads changes nothing but speed (not even the last bit), concurrent passes from several threads stay correct, and the
// hand-written product agrees with Eigen's on every tile edge.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "families/load_model.h"
#include "tensor/gemm.h"
#include "model/model.h"
#include "random_model.h"
#include "test_support.h"
#include "tensor/thread_pool.h"
#include "model/transformer.h"

namespace {

void expect_traces_near(const core::AttentionTrace& got, const core::AttentionTrace& want, double tol) {
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    ASSERT_EQ(got.layers(kind).size(), want.layers(kind).size());
    for (std::size_t l = 0; l < got.layers(kind).size(); ++l) {
      ASSERT_EQ(got.layers(kind)[l].heads.size(), want.layers(kind)[l].heads.size());
      for (std::size_t h = 0; h < got.layers(kind)[l].heads.size(); ++h) {
        expect_matrix_near(got.layers(kind)[l].heads[h], want.layers(kind)[l].heads[h], tol);
      }
    }
  }
}

// An encoder-decoder model wide enough, and an input long enough, that every step (projections,
// heads, feed-forward) is split across threads rather than judged too small to hand off.
core::Model wide_model(const test::TempFolder& folder) {
  core::ModelConfig config = test::small_config(core::Architecture::EncoderDecoder);
  config.d_model = 256;
  config.heads = 8;
  config.d_ff = 512;
  config.max_positions = 128;
  config.activation = core::Activation::GeluErf;
  return core::load_model(test::write_random_model(folder.path() / "wide", config));
}

core::ForwardResult run(const core::Model& model, int threads) {
  std::vector<int> source(128);
  std::vector<int> target(96);
  for (std::size_t i = 0; i < source.size(); ++i) source[i] = static_cast<int>(4 + i % 8);
  for (std::size_t i = 0; i < target.size(); ++i) target[i] = static_cast<int>(4 + (3 * i) % 8);
  core::ForwardOptions options;
  options.threads = threads;
  return core::forward(model, source, target, options);
}

TEST(ThreadPool, RunsEveryPartOnce) {
  std::vector<std::atomic<int>> runs(7);
  core::parallel_for(7, [&](int part) { ++runs[static_cast<std::size_t>(part)]; });
  for (const auto& count : runs) EXPECT_EQ(count.load(), 1);
}

TEST(ThreadPool, NestedCallsRunOnTheCallingThread) {
  std::atomic<int> inner{0};
  core::parallel_for(2, [&](int) { core::parallel_for(3, [&](int) { ++inner; }); });
  EXPECT_EQ(inner.load(), 6);
}

TEST(ThreadPool, RethrowsATaskException) {
  const core::ScopedThreads threads(2);
  EXPECT_THROW(core::parallel_for(2, [](int part) {
                 if (part == 1) throw std::runtime_error("part 1 failed");
               }),
               std::runtime_error);
  // The pool is still usable afterwards.
  std::atomic<int> runs{0};
  core::parallel_for(2, [&](int) { ++runs; });
  EXPECT_EQ(runs.load(), 2);
}

// Workers spin between jobs and sit out jobs with fewer parts than workers: a worker that sits one
// out must not take the next job's part count for its own and run a part twice or not at all.
TEST(ThreadPool, JobsOfChangingSizesRunEveryPartOnce) {
  const core::ScopedThreads threads(4);
  for (int job = 0; job < 3000; ++job) {
    const int parts = 2 + job % 3;
    std::vector<std::atomic<int>> runs(static_cast<std::size_t>(parts));
    core::parallel_for(parts, [&](int part) { ++runs[static_cast<std::size_t>(part)]; });
    for (const auto& count : runs) ASSERT_EQ(count.load(), 1) << "job " << job << " with " << parts << " parts";
  }
}

TEST(ThreadPool, ScopedThreadsSetsAndRestoresTheBudget) {
  const int before = core::current_threads();
  {
    const core::ScopedThreads threads(3);
    EXPECT_EQ(core::current_threads(), 3);
  }
  EXPECT_EQ(core::current_threads(), before);
  EXPECT_GE(core::default_threads(), 1);
  EXPECT_LE(core::default_threads(), 2);
}

// Every tile shape (1–5 rows × 1–5 columns), tiles that prefetch 1–5 rows of the next one, widths
// that are not a multiple of the SIMD register, strided operands and accumulation.
TEST(GemmNt, MatchesEigenOnEveryEdge) {
  for (const Eigen::Index m : {1, 3, 4, 7, 16, 130}) {
    for (const Eigen::Index n : {1, 5, 6, 13, 50}) {
      for (const Eigen::Index k : {1, 12, 16, 33, 800}) {
        const core::RowMatrix a = core::RowMatrix::Random(m, k + 3);
        const core::RowMatrix b = core::RowMatrix::Random(n, k + 5);
        core::RowMatrix c = core::RowMatrix::Random(m, n + 2);
        core::RowMatrix want = c;
        want.leftCols(n).noalias() += a.leftCols(k) * b.leftCols(k).transpose();
        core::gemm_nt(m, n, k, a.data(), a.cols(), b.data(), b.cols(), c.data(), c.cols(), true);
        expect_matrix_near(c, want, 1e-4);
        want.leftCols(n).noalias() = a.leftCols(k) * b.leftCols(k).transpose();
        core::gemm_nt(m, n, k, a.data(), a.cols(), b.data(), b.cols(), c.data(), c.cols());
        expect_matrix_near(c, want, 1e-4);
      }
    }
  }
}

TEST(ParallelForward, OneTwoAndThreeThreadsAgree) {
  const test::TempFolder folder;
  const core::Model model = wide_model(folder);
  const core::ForwardResult one = run(model, 1);
  for (const int threads : {2, 3}) {
    SCOPED_TRACE(threads);
    const core::ForwardResult many = run(model, threads);
    expect_traces_near(many.trace, one.trace, 0.0);
    expect_matrix_near(many.encoder_output, one.encoder_output, 0.0);
    expect_matrix_near(many.decoder_output, one.decoder_output, 0.0);
    expect_matrix_near(many.last_logits, one.last_logits, 0.0);
  }
}

// The GUI computes on a worker thread while, say, the CLI or a test computes on another: passes
// that find the pool busy run on their own thread and must give the same numbers.
TEST(ParallelForward, ConcurrentPassesAgree) {
  const test::TempFolder folder;
  const core::Model model = wide_model(folder);
  const core::ForwardResult want = run(model, 2);
  std::vector<core::ForwardResult> got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int repeat = 0; repeat < 5; ++repeat) got[i] = run(model, 2);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const core::ForwardResult& result : got) {
    expect_traces_near(result.trace, want.trace, 0.0);
    expect_matrix_near(result.decoder_output, want.decoder_output, 0.0);
  }
}

}  // namespace
