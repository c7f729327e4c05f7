// attnscope-cli end to end: `dump` on every reference case must reproduce what HuggingFace
// transformers computed (tests/data/peer/*/expected.json) within 1e-4, like compare.py.
#include <gmock/gmock.h>
#include <gtest/gtest.h>


#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "random_model.h"

namespace {

using test::CommandResult;
using test::run_cli;
const auto quoted = test::shell_quoted;

using ::testing::HasSubstr;

const std::filesystem::path peer_cases = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer";

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream stream(file);
  return nlohmann::json::parse(stream);
}

double max_abs_difference(const nlohmann::json& got, const nlohmann::json& want, bool& same_shape) {
  if (want.is_array()) {
    if (!got.is_array() || got.size() != want.size()) {
      same_shape = false;
      return 0.0;
    }
    double worst = 0.0;
    for (std::size_t i = 0; i < want.size(); ++i) worst = std::max(worst, max_abs_difference(got[i], want[i], same_shape));
    return worst;
  }
  if (!got.is_number()) {
    same_shape = false;
    return 0.0;
  }
  return std::abs(got.get<double>() - want.get<double>());
}

// The checks compare.py makes: identical tokens and ids, attention within tol, logits within
// tol relative to max(1, |expected|).
void expect_matches_case(const nlohmann::json& dump, const nlohmann::json& expected, const std::string& attention_key) {
  for (const char* key : {"source_tokens", "source_ids", "target_tokens", "target_ids"}) {
    if (expected.contains(key)) {
      EXPECT_EQ(dump.value(key, nlohmann::json()), expected[key]) << key;
    }
  }
  for (const auto& [kind, matrices] : expected[attention_key].items()) {
    ASSERT_TRUE(dump["attention"].contains(kind)) << kind;
    bool same_shape = true;
    const double worst = max_abs_difference(dump["attention"][kind], matrices, same_shape);
    EXPECT_TRUE(same_shape) << attention_key << "." << kind;
    EXPECT_LE(worst, 1e-4) << attention_key << "." << kind;
  }
  if (expected.contains("logits") && attention_key == "attention") {
    ASSERT_TRUE(dump.contains("logits"));
    ASSERT_EQ(dump["logits"].size(), expected["logits"].size());
    double worst = 0.0;
    for (std::size_t i = 0; i < expected["logits"].size(); ++i) {
      const double want = expected["logits"][i].get<double>();
      worst = std::max(worst, std::abs(dump["logits"][i].get<double>() - want) / std::max(1.0, std::abs(want)));
    }
    EXPECT_LE(worst, 1e-4) << "logits";
  }
}

std::string dump_arguments(const std::filesystem::path& folder, const nlohmann::json& expected) {
  std::string arguments = "dump --model " + quoted(folder.string());
  if (expected.contains("source_text")) {
    arguments += " --text " + quoted(expected["source_text"].get<std::string>());
    if (expected.contains("target_text")) arguments += " --target " + quoted(expected["target_text"].get<std::string>());
  } else {
    arguments += " --text " + quoted(expected["target_text"].get<std::string>());
  }
  return arguments;
}

class PeerCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PeerCaseTest, DumpReproducesHuggingFace) {
  const std::filesystem::path folder = peer_cases / GetParam();
  const nlohmann::json expected = read_json(folder / "expected.json");
  const CommandResult result = run_cli(dump_arguments(folder, expected));
  ASSERT_EQ(result.status, 0) << result.all();
  expect_matches_case(nlohmann::json::parse(result.output), expected, "attention");
}

TEST_P(PeerCaseTest, NoPeDumpReproducesAttentionWithoutPositions) {
  const std::filesystem::path folder = peer_cases / GetParam();
  const nlohmann::json expected = read_json(folder / "expected.json");
  const CommandResult result = run_cli(dump_arguments(folder, expected) + " --no-pe");
  ASSERT_EQ(result.status, 0) << result.all();
  expect_matches_case(nlohmann::json::parse(result.output), expected, "attention_no_pe");
}

INSTANTIATE_TEST_SUITE_P(Cases, PeerCaseTest,
                         ::testing::Values("bart-tiny-short", "bert-tiny-basemodel", "bert-tiny-short",
                                           "gpt2-tiny-basemodel", "gpt2-tiny-short", "marian-tiny-short",
                                           "marian-tiny-swish"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(CliTest, InfoDescribesTheModel) {
  const CommandResult result = run_cli("info " + quoted((peer_cases / "bert-tiny-short").string()));
  ASSERT_EQ(result.status, 0) << result.all();
  EXPECT_THAT(result.all(), HasSubstr("family:              bert"));
  EXPECT_THAT(result.all(), HasSubstr("encoder layers:      2"));
  EXPECT_THAT(result.all(), HasSubstr("attention:           4 heads, head size 12"));
}

TEST(CliTest, InfoNamesTheKernelsAndAForcedLowerSet) {
  const std::string folder = quoted((peer_cases / "bert-tiny-short").string());
  const CommandResult best = run_cli("info " + folder);
  ASSERT_EQ(best.status, 0) << best.all();
  EXPECT_THAT(best.output, HasSubstr("kernels:             "));
  EXPECT_THAT(best.output, HasSubstr("(this CPU's best)"));
  const CommandResult portable = test::run_cli_with_environment("ATTNSCOPE_ISA=portable", "info " + folder);
  ASSERT_EQ(portable.status, 0) << portable.all();
  EXPECT_THAT(portable.output, HasSubstr("kernels:             portable"));
  const CommandResult unknown = test::run_cli_with_environment("ATTNSCOPE_ISA=sse9", "info " + folder);
  ASSERT_EQ(unknown.status, 0) << unknown.all();
  EXPECT_THAT(unknown.output, HasSubstr("ATTNSCOPE_ISA=sse9 is not one of portable, avx2, avx512, avx512bf16"));
}

TEST(CliTest, PrecisionIsExactOrFastAndTheDumpSaysWhich) {
  const std::string dump = "dump --model " + quoted((peer_cases / "bert-tiny-short").string()) + " --source-ids 2,7,9,3";
  const CommandResult exact = run_cli(dump);
  const CommandResult fast = run_cli(dump + " --precision fast");
  ASSERT_EQ(exact.status, 0) << exact.all();
  ASSERT_EQ(fast.status, 0) << fast.all();
  const nlohmann::json exact_json = nlohmann::json::parse(exact.output);
  const nlohmann::json fast_json = nlohmann::json::parse(fast.output);
  EXPECT_EQ(exact_json["precision"], "exact");
  EXPECT_EQ(fast_json["precision"], "fast");
  EXPECT_NE(exact_json["attention"], fast_json["attention"]);
  const CommandResult bad = run_cli(dump + " --precision half");
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.all(), HasSubstr("--precision takes exact or fast, not \"half\""));
}

TEST(CliTest, GenerateWritesTheGreedyOutput) {
  test::TempFolder temp;
  test::write_random_model(temp.path() / "model", test::small_config(core::Architecture::EncoderDecoder));
  const CommandResult result =
      run_cli("generate --model " + quoted((temp.path() / "model").string()) + " --text 'the cat sat'");
  EXPECT_EQ(result.status, 0) << result.all();
  EXPECT_FALSE(result.output.empty());
}

TEST(CliTest, DumpWithoutTargetDescribesTheGeneratedSequence) {
  test::TempFolder temp;
  const auto config = test::small_config(core::Architecture::EncoderDecoder);
  test::write_random_model(temp.path() / "model", config);
  const CommandResult result = run_cli("dump --model " + quoted((temp.path() / "model").string()) + " --text 'the cat'");
  ASSERT_EQ(result.status, 0) << result.all();
  const nlohmann::json dump = nlohmann::json::parse(result.output);
  const auto target_ids = dump["target_ids"].get<std::vector<int>>();
  ASSERT_FALSE(target_ids.empty());
  EXPECT_EQ(target_ids.front(), config.decoder_start_token_id);
  EXPECT_EQ(dump["attention"]["decoder_self"][0][0].size(), target_ids.size());
  EXPECT_EQ(dump["attention"]["decoder_cross"][0][0][0].size(), dump["source_ids"].size());
}

TEST(CliTest, MissingModelFailsWithOneClearLine) {
  const CommandResult result = run_cli("dump --model /nonexistent/model --text hi");
  EXPECT_EQ(result.status, 1);
  EXPECT_EQ(result.errors, "attnscope-cli: error: /nonexistent/model: no such folder\n");
}

TEST(CliTest, FailedDumpLeavesNoOutputFile) {
  test::TempFolder temp;
  const std::filesystem::path out = temp.path() / "dump.json";
  const CommandResult result = run_cli("dump --model /nonexistent --text hi --out " + quoted(out.string()));
  EXPECT_EQ(result.status, 1);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CliTest, BadIdListIsAUsageError) {
  const CommandResult result =
      run_cli("dump --model " + quoted((peer_cases / "bert-tiny-short").string()) + " --source-ids 1,x,3");
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.all(), HasSubstr("--source-ids: \"x\" is not an integer token id"));
}

TEST(CliTest, OutOfVocabularyIdIsReported) {
  const CommandResult result =
      run_cli("dump --model " + quoted((peer_cases / "bert-tiny-short").string()) + " --source-ids 1,100000");
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.all(), HasSubstr("token (id 100000) at position 1 is outside the model's token table (0..295)"));
}

TEST(CliTest, DumpToFileWritesJson) {
  test::TempFolder temp;
  const std::filesystem::path out = temp.path() / "dump.json";
  const CommandResult result = run_cli("dump --model " + quoted((peer_cases / "gpt2-tiny-short").string()) +
                                       " --text 'hello world' --out " + quoted(out.string()));
  ASSERT_EQ(result.status, 0) << result.all();
  const nlohmann::json dump = read_json(out);
  EXPECT_TRUE(dump["attention"].contains("decoder_self"));
  EXPECT_FALSE(dump["attention"].contains("encoder_self"));
}

TEST(CliTest, APassOverTheMemoryBudgetIsRefusedWithBothFigures) {
  const std::string model = " --model " + quoted((peer_cases / "gpt2-tiny-short").string()) + " --text 'hello world'";
  const CommandResult dump = run_cli("dump" + model + " --memory-budget 1K");
  EXPECT_EQ(dump.status, 1);
  EXPECT_THAT(dump.errors, HasSubstr("attnscope-cli: error: this pass needs about "));
  EXPECT_THAT(dump.errors, HasSubstr("but the memory budget is 1.0 KiB; use a shorter text"));
  const CommandResult generate = run_cli("generate" + model + " --memory-budget 1.5k");
  EXPECT_EQ(generate.status, 1);
  EXPECT_THAT(generate.errors, HasSubstr("but the memory budget is 1.5 KiB"));
  const CommandResult heads = run_cli("heads" + model + " --memory-budget 2KiB");
  EXPECT_EQ(heads.status, 1);
  EXPECT_THAT(heads.errors, HasSubstr("but the memory budget is 2.0 KiB"));
  EXPECT_EQ(run_cli("dump" + model + " --memory-budget 64M").status, 0);
  EXPECT_EQ(run_cli("dump" + model + " --memory-budget 0").status, 0) << "0: no limit";
}

TEST(CliTest, AMemoryBudgetThatIsNotASizeIsAUsageError) {
  const CommandResult result = run_cli("dump --model " + quoted((peer_cases / "gpt2-tiny-short").string()) +
                                       " --text hi --memory-budget lots");
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.errors, HasSubstr("--memory-budget takes a size such as 512M, 2G or 1.5GiB (0: no limit), not \"lots\""));
}

TEST(CliTest, BenchReportsTimesAndRates) {
  const CommandResult result = run_cli("bench --model " + quoted((peer_cases / "marian-tiny-short").string()) +
                                       " --len 8 --threads 2 --repeat 3 --open-repeat 1 --json");
  ASSERT_EQ(result.status, 0) << result.all();
  const nlohmann::json report = nlohmann::json::parse(result.output);
  EXPECT_EQ(report["tokens"], 8);
  EXPECT_GT(report["median_ms"].get<double>(), 0.0);
  EXPECT_LE(report["min_ms"].get<double>(), report["median_ms"].get<double>());
  EXPECT_LE(report["median_ms"].get<double>(), report["max_ms"].get<double>());
  EXPECT_GT(report["gflop"].get<double>(), 0.0);
  EXPECT_GT(report["trace_mib"].get<double>(), 0.0);
  EXPECT_GT(report["peak_rss_mib"].get<double>(), 0.0);
  EXPECT_GE(report["estimate_mib"].get<double>(), report["trace_mib"].get<double>());
  EXPECT_GT(report["budget_mib"].get<double>(), 0.0) << "default: half the available RAM";
}

TEST(CliTest, BenchPrintsMedianMinMaxAndGflops) {
  const CommandResult result =
      run_cli("bench --model " + quoted((peer_cases / "bert-tiny-short").string()) + " --len 4 --repeat 2");
  ASSERT_EQ(result.status, 0) << result.all();
  EXPECT_THAT(result.all(), HasSubstr("forward:      median "));
  EXPECT_THAT(result.all(), HasSubstr("GFLOP/s at the median"));
  EXPECT_THAT(result.all(), HasSubstr("open:         median "));
}

TEST(CliTest, BenchNeedsAPositiveLength) {
  const CommandResult result =
      run_cli("bench --model " + quoted((peer_cases / "bert-tiny-short").string()) + " --len 0");
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.all(), HasSubstr("--len needs a positive integer, got \"0\""));
}

}  // namespace
