// The memory guard: sizes as people write them, MemAvailable, the estimate of a pass against what
// the pass really keeps, and the refusal of a pass (and of a generation step) over the budget.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>

#include "analysis/head_analysis.h"
#include "families/load_model.h"
#include "io/gguf_file.h"
#include "model/generation.h"
#include "model/memory_budget.h"
#include "model/memory_estimate.h"
#include "model/transformer.h"
#include "random_model.h"
#include "tensor/errors.h"

namespace {

using ::testing::HasSubstr;

constexpr std::size_t KiB = 1024;
constexpr std::size_t MiB = 1024 * KiB;
constexpr std::size_t GiB = 1024 * MiB;

const std::string llama = std::string(ATTNSCOPE_TEST_DATA) + "/hf-cases/llama-tiny-gqa";

TEST(MemorySize, ParsesNumbersWithBinaryUnits) {
  EXPECT_EQ(core::parse_memory_size("512M"), 512 * MiB);
  EXPECT_EQ(core::parse_memory_size("2G"), 2 * GiB);
  EXPECT_EQ(core::parse_memory_size("1.5GiB"), 3 * GiB / 2);
  EXPECT_EQ(core::parse_memory_size("300MB"), 300 * MiB);
  EXPECT_EQ(core::parse_memory_size("12kib"), 12 * KiB);
  EXPECT_EQ(core::parse_memory_size("1t"), 1024 * GiB);
  EXPECT_EQ(core::parse_memory_size("4096"), 4096u);
  EXPECT_EQ(core::parse_memory_size("4096B"), 4096u);
  EXPECT_EQ(core::parse_memory_size("0"), 0u);
}

TEST(MemorySize, RefusesWhatIsNotASize) {
  for (const char* bad : {"", "G", "abc", "-1G", "5X", "1.5GB2", "2 G", "inf", "nan", "1e30T", "2Gi"}) {
    EXPECT_EQ(core::parse_memory_size(bad), std::nullopt) << bad;
  }
}

TEST(MemorySize, FormatsWithOneDecimal) {
  EXPECT_EQ(core::format_bytes(100), "100 bytes");
  EXPECT_EQ(core::format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(core::format_bytes(512 * MiB), "512.0 MiB");
  EXPECT_EQ(core::format_bytes(3 * GiB), "3.0 GiB");
}

TEST(MemorySize, ReadsMemAvailableFromMeminfo) {
  const std::string meminfo = "MemTotal:       16314512 kB\nMemFree:         1234567 kB\nMemAvailable:    8000000 kB\n";
  EXPECT_EQ(core::mem_available_from_meminfo(meminfo), std::size_t{8000000} * 1024);
  EXPECT_EQ(core::mem_available_from_meminfo("MemTotal:       16314512 kB\n"), std::nullopt);
  EXPECT_EQ(core::mem_available_from_meminfo("MemAvailable:    lots\n"), std::nullopt);

  test::TempFolder temp;
  const std::filesystem::path file = temp.path() / "meminfo";
  std::ofstream(file) << meminfo;
  EXPECT_EQ(core::default_memory_budget(file.string()), std::size_t{4000000} * 1024);
  EXPECT_EQ(core::default_memory_budget((temp.path() / "missing").string()), 0u) << "unreadable: no limit";
  EXPECT_GT(core::default_memory_budget(), 0u) << "this Linux host has /proc/meminfo";
}

std::size_t trace_bytes(const core::AttentionTrace& trace) {
  std::size_t bytes = 0;
  for (const auto* kind : {&trace.encoder_self, &trace.decoder_self, &trace.decoder_cross}) {
    for (const core::LayerAttention& layer : *kind) {
      for (const core::RowMatrix& head : layer.heads) bytes += static_cast<std::size_t>(head.size()) * sizeof(float);
    }
  }
  return bytes;
}

std::size_t recorded_bytes(const core::Recorder& record, const core::ModelSpec& spec) {
  std::size_t bytes = 0;
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    for (int l = 0; l < spec.layers(kind); ++l) {
      for (const std::string& name : record.names(kind, l)) {
        if (const core::RowMatrix* value = record.find(kind, l, name)) bytes += value->size() * sizeof(float);
        if (const auto* heads = record.find_heads(kind, l, name)) {
          for (const core::RowMatrix& head : *heads) bytes += head.size() * sizeof(float);
        }
      }
    }
  }
  return bytes;
}

// The trace estimate is exact; the recorded steps' is an upper bound within 1.5× of what the pass
// recorded (it counts steps a layout may skip); the total covers both.
void expect_estimate_matches_pass(const core::Model& model, const std::vector<int>& source,
                                  const std::vector<int>& target) {
  core::ForwardOptions options;
  options.record_all = true;
  const core::ForwardResult pass = core::forward(model, source, target, options);
  const core::MemoryEstimate estimate = core::estimate_forward_memory(model.spec(), source.size(), target.size(), options);
  EXPECT_EQ(estimate.trace, trace_bytes(pass.trace));
  const std::size_t recorded = recorded_bytes(pass.record, model.spec());
  EXPECT_GE(estimate.record, recorded);
  EXPECT_LE(static_cast<double>(estimate.record), 1.5 * static_cast<double>(recorded));
  EXPECT_GT(estimate.working, 0u);
  EXPECT_GE(estimate.total(), estimate.trace + estimate.record);

  options.record_all = false;
  EXPECT_EQ(core::estimate_forward_memory(model.spec(), source.size(), target.size(), options).record, 0u);
}

TEST(MemoryEstimate, MatchesTheTraceOfARotaryGqaModel) {
  const core::Model model = core::load_model(llama);
  expect_estimate_matches_pass(model, {}, {1, 349, 558, 443, 12, 99, 7});
}

TEST(MemoryEstimate, MatchesTheTraceOfAnEncoderDecoderModel) {
  test::TempFolder temp;
  const core::Model model =
      core::load_model(test::write_random_model(temp.path() / "model", test::small_config(core::Architecture::EncoderDecoder)));
  expect_estimate_matches_pass(model, {4, 5, 6, 7, 8}, {2, 9, 10});
}

TEST(MemoryEstimate, TheTraceGrowsWithTheSquareOfTheLength) {
  const core::Model model = core::load_model(llama);
  const core::ModelSpec& spec = model.spec();
  const std::size_t short_trace = core::estimate_forward_memory(spec, 0, 1000, {}).trace;
  EXPECT_EQ(core::estimate_forward_memory(spec, 0, 2000, {}).trace, 4 * short_trace);
  // H · T² floats per layer
  EXPECT_EQ(short_trace, static_cast<std::size_t>(spec.decoder_layers() * spec.heads()) * 1000 * 1000 * sizeof(float));
}

TEST(MemoryGuard, APassOverTheBudgetIsRefusedWithBothFigures) {
  const core::Model model = core::load_model(llama);
  const std::vector<int> prompt = {1, 349, 558, 443};
  core::ForwardOptions options;
  const std::size_t needed = core::estimate_forward_memory(model.spec(), 0, prompt.size(), options).total();
  options.memory_budget = needed;
  EXPECT_NO_THROW(core::forward(model, {}, prompt, options));
  options.memory_budget = needed - 1;
  try {
    core::forward(model, {}, prompt, options);
    FAIL() << "a pass over the budget ran";
  } catch (const core::InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("this pass needs about " + core::format_bytes(needed) + " (attention trace "));
    EXPECT_THAT(error.what(), HasSubstr("but the memory budget is " + core::format_bytes(needed - 1)));
    EXPECT_THAT(error.what(), HasSubstr("use a shorter text, record fewer layers, or raise the memory budget"));
  }
  options.memory_budget = 0;
  EXPECT_NO_THROW(core::forward(model, {}, prompt, options)) << "0: no limit";
}

TEST(MemoryGuard, ABadIdIsReportedBeforeTheBudget) {
  const core::Model model = core::load_model(llama);
  core::ForwardOptions options;
  options.memory_budget = 1;
  EXPECT_THAT([&] { core::forward(model, {}, std::vector<int>{1, 1 << 30}, options); },
              ::testing::ThrowsMessage<core::InputError>(HasSubstr("outside the model's token table")));
}

TEST(MemoryGuard, AGenerationStepOverTheBudgetIsRefused) {
  const core::Model model = core::load_model(llama);
  const std::vector<int> prompt = {1, 349, 558, 443};
  core::ForwardOptions options;
  // enough for the prompt, not for the prompt and one generated token
  options.memory_budget = core::estimate_forward_memory(model.spec(), 0, prompt.size(), options).total();
  core::GreedyDecoder decoder(model, {}, prompt, options, 4);
  decoder.step();
  ASSERT_FALSE(decoder.finished());
  EXPECT_THAT([&] { decoder.step(); },
              ::testing::ThrowsMessage<core::InputError>(HasSubstr("but the memory budget is")));
}

TEST(MemoryGuard, ACorpusStopsAtARefusedLineInsteadOfSkippingIt) {
  const core::Model model = core::load_model(llama);
  const std::vector<std::string> lines = {"hello world", "the cat"};
  core::ForwardOptions options;
  options.memory_budget = 1024;
  EXPECT_THAT([&] { core::analyze_corpus(model, lines, {}, options); },
              ::testing::ThrowsMessage<core::MemoryBudgetError>(HasSubstr("but the memory budget is 1.0 KiB")));
  options.memory_budget = 0;
  EXPECT_EQ(core::analyze_corpus(model, lines, {}, options).skipped, 0);
}

// A GGUF file's weights are copied out and dequantised when it opens (not mapped), so the guard
// counts them: the estimate must be exactly what the loader allocates for them, for every stored
// type, and an open that would exceed the budget is refused before anything is allocated.
const std::string gguf_folder = std::string(ATTNSCOPE_TEST_DATA) + "/gguf/";

class GgufMemory : public ::testing::TestWithParam<std::string> {};

TEST_P(GgufMemory, EstimateIsWhatOpeningAllocates) {
  const std::string path = gguf_folder + GetParam();
  const core::GgufMemoryEstimate estimate = core::estimate_gguf_memory(core::GgufFile::open(path));
  const core::Model model = core::load_model(path);
  // Every tensor of these files is used, so the estimate is exact rather than an upper bound.
  EXPECT_TRUE(model.tensors().unused.empty());
  EXPECT_EQ(estimate.weights, model.tensors().copied_bytes);
  EXPECT_GT(estimate.conversion, 0u);
}

INSTANTIATE_TEST_SUITE_P(Files, GgufMemory,
                         ::testing::Values("llama-tiny-gqa.f32.gguf", "qwen2-tiny-bias-tied.f16.gguf",
                                           "gemma-tiny-mqa.bf16.gguf", "llama-tiny-rope-llama3.f32.gguf",
                                           "mistral-256.q8_0.gguf", "mistral-256.q4_0.gguf", "mistral-256.q4_k.gguf"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(GgufMemory, QuantisedWeightsCountAsFloat32) {
  // mistral-256 at Q4_K (Q6_K token table): 144 or 210 bytes per 256 values on disk, 1,024 in memory.
  const std::string path = gguf_folder + "mistral-256.q4_k.gguf";
  const core::GgufFile file = core::GgufFile::open(path);
  std::size_t values = 0;
  std::size_t largest = 0;
  for (const core::GgufTensor& tensor : file.tensors()) {
    values += static_cast<std::size_t>(tensor.element_count());
    largest = std::max(largest, static_cast<std::size_t>(tensor.element_count()));
  }
  const core::GgufMemoryEstimate estimate = core::estimate_gguf_memory(file);
  EXPECT_EQ(estimate.weights, 4 * values);
  EXPECT_EQ(estimate.conversion, 4 * largest);
  EXPECT_GT(estimate.weights, 5 * std::filesystem::file_size(path));
}

TEST(GgufMemory, AnOpenOverTheBudgetIsRefusedNamingTheFile) {
  const std::string path = gguf_folder + "mistral-256.q4_k.gguf";
  const core::GgufMemoryEstimate estimate = core::estimate_gguf_memory(core::GgufFile::open(path));
  try {
    core::load_model(path, estimate.total() - 1);
    FAIL() << "an open over the budget must be refused";
  } catch (const core::LoadError& error) {
    EXPECT_EQ(std::string(error.what()),
              "mistral-256.q4_k.gguf: opening it needs about " + core::format_bytes(estimate.total()) + " (weights " +
                  core::format_bytes(estimate.weights) +
                  " as the model keeps them: quantised ones as float32; converting the largest tensor " +
                  core::format_bytes(estimate.conversion) + ") but the memory budget is " +
                  core::format_bytes(estimate.total() - 1) + "; open a smaller model, or raise the memory budget");
  }
  EXPECT_NO_THROW(core::load_model(path, estimate.total()));
  EXPECT_NO_THROW(core::load_model(path, 0));  // no limit
}

}  // namespace
