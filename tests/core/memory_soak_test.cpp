// The memory guard on a 1-billion-parameter model, and memory that stays bounded when models are
// opened and analysed over and over.
//
// The 1B model is a Llama 3.2 1B-shaped checkpoint (d_model 2048, 16 layers, 32 query heads and 8
// key-value heads, d_ff 8192: 976 M parameters, 1.95 GB of bfloat16) written at test time as a
// sparse file: the header is real, the data is a hole made by resizing the file, so the disk holds
// a few kilobytes and the weights read as zeros. The command line opens it as it would the real
// one, with the budget the test sets (--memory-budget), in its own process.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/head_analysis.h"
#include "cli_runner.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/transformer.h"
#include "random_model.h"
#include "sanitizer_build.h"

namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

const fs::path test_data = ATTNSCOPE_TEST_DATA;

// Llama 3.2 1B's shape; the vocabulary is the tiny test model's, so its tokenizer.model fits.
constexpr std::int64_t d_model = 2048;
constexpr std::int64_t layers = 16;
constexpr std::int64_t heads = 32;
constexpr std::int64_t kv_heads = 8;
constexpr std::int64_t d_ff = 8192;
constexpr std::int64_t vocab = 650;
constexpr std::int64_t max_positions = 8192;

// The folder: config.json, the tokenizer of hf-cases/llama-tiny-gqa, and a sparse
// model.safetensors. Returns the parameter count its header lists.
std::int64_t write_sparse_llama_1b(const fs::path& folder) {
  fs::create_directories(folder);
  const fs::path tiny = test_data / "hf-cases" / "llama-tiny-gqa";
  for (const char* file : {"tokenizer.model", "tokenizer_config.json", "special_tokens_map.json"}) {
    fs::copy_file(tiny / file, folder / file);
  }
  nlohmann::json config = nlohmann::json::parse(std::ifstream(tiny / "config.json"));
  config["hidden_size"] = d_model;
  config["num_hidden_layers"] = layers;
  config["num_attention_heads"] = heads;
  config["num_key_value_heads"] = kv_heads;
  config["intermediate_size"] = d_ff;
  config["max_position_embeddings"] = max_positions;
  config["torch_dtype"] = "bfloat16";
  std::ofstream(folder / "config.json") << config.dump(2);

  std::vector<std::pair<std::string, std::vector<std::int64_t>>> tensors = {
      {"model.embed_tokens.weight", {vocab, d_model}}, {"model.norm.weight", {d_model}}, {"lm_head.weight", {vocab, d_model}}};
  const std::int64_t kv = d_model / heads * kv_heads;
  for (std::int64_t l = 0; l < layers; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    tensors.push_back({p + "input_layernorm.weight", {d_model}});
    tensors.push_back({p + "post_attention_layernorm.weight", {d_model}});
    tensors.push_back({p + "self_attn.q_proj.weight", {d_model, d_model}});
    tensors.push_back({p + "self_attn.k_proj.weight", {kv, d_model}});
    tensors.push_back({p + "self_attn.v_proj.weight", {kv, d_model}});
    tensors.push_back({p + "self_attn.o_proj.weight", {d_model, d_model}});
    tensors.push_back({p + "mlp.gate_proj.weight", {d_ff, d_model}});
    tensors.push_back({p + "mlp.up_proj.weight", {d_ff, d_model}});
    tensors.push_back({p + "mlp.down_proj.weight", {d_model, d_ff}});
  }
  nlohmann::json header = nlohmann::json::object();
  std::int64_t offset = 0;
  std::int64_t parameters = 0;
  for (const auto& [name, shape] : tensors) {
    std::int64_t count = 1;
    for (const std::int64_t size : shape) count *= size;
    header[name] = {{"dtype", "BF16"}, {"shape", shape}, {"data_offsets", {offset, offset + 2 * count}}};
    offset += 2 * count;
    parameters += count;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  const fs::path weights = folder / "model.safetensors";
  {
    std::ofstream stream(weights, std::ios::binary);
    const std::uint64_t length = text.size();
    stream.write(reinterpret_cast<const char*>(&length), sizeof length);
    stream << text;
  }
  // The data: a hole, not written.
  fs::resize_file(weights, sizeof(std::uint64_t) + text.size() + static_cast<std::uintmax_t>(offset));
  return parameters;
}

// Bytes the file takes on disk (st_blocks counts 512-byte units).
std::uintmax_t allocated_bytes(const fs::path& file) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return 0;
  return static_cast<std::uintmax_t>(info.st_blocks) * 512;
}

TEST(MemoryGuard1B, ALongRequestOnA1BModelIsRefusedAndTheProcessLives) {
  test::TempFolder temp;
  const fs::path folder = temp.path() / "llama-1b-sparse";
  const std::int64_t parameters = write_sparse_llama_1b(folder);
  ASSERT_GT(parameters, 950'000'000);
  ASSERT_LT(allocated_bytes(folder / "model.safetensors"), 64u << 20) << "the checkpoint is meant to be sparse";

  // About 4,000 tokens: a dense trace alone is 16 layers × 32 heads × T² floats ≈ 32 GiB.
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "the cat ";
  const std::string dump = "dump --model " + test::shell_quoted(folder.string()) + " --text " + test::shell_quoted(text);
  const test::CommandResult refused = test::run_cli(dump + " --attention dense --memory-budget 4G");
  // status is -1 when a signal (the OOM killer's SIGKILL, an abort) ended the process.
  EXPECT_EQ(refused.status, 1) << refused.all();
  EXPECT_THAT(refused.errors, HasSubstr("attnscope-cli: error: "));
  EXPECT_THAT(refused.errors, HasSubstr("this pass needs about "));
  EXPECT_THAT(refused.errors, HasSubstr("but the memory budget is 4.0 GiB"));
  EXPECT_THAT(refused.errors, HasSubstr("use a shorter text, record fewer layers, or raise the memory budget"));
  EXPECT_TRUE(refused.output.empty()) << "nothing is written for a refused pass";

  // Kept on demand (each layer's queries and keys: hundreds of MiB at this length), the same pass
  // still does not fit a budget of 256 MiB, and is refused the same way.
  const test::CommandResult on_demand = test::run_cli(dump + " --attention on-demand --memory-budget 256M");
  EXPECT_EQ(on_demand.status, 1) << on_demand.all();
  EXPECT_THAT(on_demand.errors, HasSubstr("this pass needs about "));
  EXPECT_THAT(on_demand.errors, HasSubstr("but the memory budget is "));
  EXPECT_TRUE(on_demand.output.empty()) << "nothing is written for a refused pass";
}

// VmRSS of this process, in bytes, from /proc/self/status ("VmRSS:     93012 kB").
std::size_t resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

constexpr bool sanitized = test::kSanitizedBuild;  // ASan's quarantine keeps freed memory: RSS grows

// 50 opens and closes of a model, then 1,000 analyses (forward pass + every head's metrics, what
// the window's Analysis lane runs) of 64 tokens. The bound: after a warm-up (5 opens, 100
// analyses, which let the allocator reach its working set), VmRSS may grow by at most 8 MiB.
// A leak of what one open or one analysis allocates would pass it: one open of this model maps and
// binds 310 KB of weights (45 × 310 KB = 13.6 MiB); one analysis keeps 2 layers × 4 heads of
// 64 × 64 α and α̂ plus the report (over 256 KB; 900 × 256 KB = 225 MiB).
TEST(MemorySoak, OpeningAndAnalysingRepeatedlyKeepsResidentMemoryBounded) {
  // The bound needs the normal allocator; the sanitizers' leak checks cover the same code anyway.
  if (sanitized) GTEST_SKIP() << "the sanitizer's allocator keeps freed memory: the bound holds in the normal build";
  const fs::path folder = test_data / "hf-cases" / "llama-tiny-gqa";
  std::size_t after_warm_up = 0;
  for (int open = 0; open < 50; ++open) {
    const core::Model model = core::load_model(folder);
    ASSERT_EQ(model.spec().heads(), 4);
    if (open == 4) after_warm_up = resident_bytes();
  }
  const std::size_t after_opens = resident_bytes();

  const core::Model model = core::load_model(folder);
  std::string text;
  for (int i = 0; i < 200; ++i) text += "the cat sat ";
  core::Tokenization tokens = core::tokenize_input(model, core::InputSide::Target, text);
  core::truncate(tokens, 64, 0);
  ASSERT_EQ(tokens.size(), 64u);
  std::size_t after_analysis_warm_up = 0;
  for (int analysis = 0; analysis < 1000; ++analysis) {
    const core::ForwardResult pass = core::forward(model, {}, tokens.ids);
    const core::HeadReport report = core::analyze_trace(pass.trace, {}, tokens);
    ASSERT_EQ(report.kinds.size(), 1u);
    if (analysis == 99) after_analysis_warm_up = resident_bytes();
  }
  const std::size_t after_analyses = resident_bytes();

  const auto mib = [](std::size_t bytes) { return static_cast<double>(bytes) / (1 << 20); };
  std::printf("VmRSS: %.1f MiB after 5 opens, %.1f MiB after 50; %.1f MiB after 100 analyses, %.1f MiB after 1000\n",
              mib(after_warm_up), mib(after_opens), mib(after_analysis_warm_up), mib(after_analyses));
  ASSERT_GT(after_warm_up, 0u) << "this Linux host has /proc/self/status";
  constexpr std::size_t bound = 8u << 20;
  EXPECT_LE(after_opens, after_warm_up + bound);
  EXPECT_LE(after_analyses, after_analysis_warm_up + bound);
}

}  // namespace
