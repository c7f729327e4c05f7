// attnscope-cli heads: one JSON object per head with every metric key, in every format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>


#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "random_model.h"
#include "sanitizer_build.h"

namespace {

using test::CommandResult;
using test::run_cli;

using ::testing::HasSubstr;
using ::testing::Not;

const std::filesystem::path models = ATTNSCOPE_MODELS;
const std::filesystem::path encdec = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "torch" / "encdec-post-relu";

const std::vector<std::string> metric_keys = {"entropy",    "entropy_normalized", "mean_distance", "mean_distance_normalized",
                                              "local_mass", "previous_token",     "current_token", "next_token",
                                              "sink",       "sink_first",         "sink_special",  "confidence"};

TEST(CliHeads, JsonHasOneObjectPerHeadWithEveryMetric) {
  const CommandResult result = run_cli("heads --model '" + (models / "induction").string() + "' --text 'a b c a b c' --format json");
  ASSERT_EQ(result.status, 0) << result.output;
  const nlohmann::json heads = nlohmann::json::parse(result.output);
  ASSERT_TRUE(heads.is_array());
  ASSERT_EQ(heads.size(), 8u);  // 2 layers × 4 heads
  const std::set<std::string> classes = {"local", "global", "positional", "sink", "mixed"};
  for (std::size_t i = 0; i < heads.size(); ++i) {
    const nlohmann::json& head = heads[i];
    EXPECT_EQ(head.at("kind"), "decoder_self");
    EXPECT_EQ(head.at("layer"), static_cast<int>(i / 4));
    EXPECT_EQ(head.at("head"), static_cast<int>(i % 4));
    EXPECT_TRUE(classes.contains(head.at("class").get<std::string>())) << head.at("class");
    for (const std::string& key : metric_keys) EXPECT_TRUE(head.at(key).is_number()) << key;
    EXPECT_TRUE(head.at("induction").is_number());
    EXPECT_GE(head.at("entropy_normalized").get<double>(), 0.0);
    EXPECT_LE(head.at("entropy_normalized").get<double>(), 1.0 + 1e-6);
  }
}

TEST(CliHeads, EncoderDecoderKindsAndCrossAttentionWithoutPositions) {
  const CommandResult result =
      run_cli("heads --model '" + encdec.string() + "' --text 'the cat' --target 'the' --format json");
  ASSERT_EQ(result.status, 0) << result.output;
  const nlohmann::json heads = nlohmann::json::parse(result.output);
  std::set<std::string> kinds;
  for (const nlohmann::json& head : heads) {
    const std::string kind = head.at("kind");
    kinds.insert(kind);
    for (const std::string& key : metric_keys) EXPECT_TRUE(head.contains(key)) << key;
    if (kind == "decoder_cross") EXPECT_TRUE(head.at("mean_distance").is_null());
    else EXPECT_TRUE(head.at("mean_distance").is_number());
    EXPECT_EQ(head.contains("induction"), kind == "decoder_self");
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"encoder_self", "decoder_self", "decoder_cross"}));
}

TEST(CliHeads, TableCsvAndCorpus) {
  test::TempFolder folder;
  const auto model = test::write_random_model(folder.path() / "m", test::small_config(core::Architecture::EncoderOnly));
  {
    std::ofstream corpus(folder.path() / "corpus.txt");
    corpus << "the cat sat\n\na dog sat on the mat\n";
  }
  const CommandResult csv = run_cli("heads --model '" + model.string() + "' --corpus '" +
                                    (folder.path() / "corpus.txt").string() + "' --format csv");
  ASSERT_EQ(csv.status, 0) << csv.output;
  EXPECT_THAT(csv.output, HasSubstr("kind,layer,head,class,entropy,entropy_normalized,mean_distance"));
  EXPECT_EQ(std::count(csv.output.begin(), csv.output.end(), '\n'), 1 + 2 * 4);
  const CommandResult table = run_cli("heads --model '" + model.string() + "' --text 'the cat'");
  ASSERT_EQ(table.status, 0);
  EXPECT_THAT(table.output, HasSubstr("encoder_self"));
  EXPECT_EQ(run_cli("heads --model '" + model.string() + "' --text 'the cat' --format xml").status, 2);
  EXPECT_EQ(run_cli("heads --model '" + model.string() + "'").status, 2);
  EXPECT_EQ(run_cli("heads --model '" + model.string() + "' --corpus '" + (folder.path() / "none.txt").string() + "'").status, 1);
}

// heads --corpus names each line it cut to the model's maximum length, as search, qk-map and
// --per-sentence do, and still averages it.
TEST(CliHeads, CorpusNamesTheLinesItCut) {
  const std::filesystem::path corpus =
      std::filesystem::temp_directory_path() / ("attnscope-heads-cut-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream file(corpus);
    file << "the horse likes the dog .\n\n";
    for (int i = 0; i < 4; ++i) file << "the horse likes the dog . ";  // 24 words; the model reads 16
    file << "\n";
  }
  const CommandResult result = run_cli("heads --model '" + encdec.string() + "' --corpus '" + corpus.string() + "'");
  std::filesystem::remove(corpus);
  ASSERT_EQ(result.status, 0) << result.all();
  EXPECT_THAT(result.errors, HasSubstr("note: " + corpus.string() + ":3: cut to the model's maximum of 16 tokens (the line has "));
  EXPECT_THAT(result.errors, Not(HasSubstr(corpus.string() + ":1:")));
  EXPECT_THAT(result.errors, Not(HasSubstr(corpus.string() + ":2:")));  // a blank line is skipped silently
  EXPECT_THAT(result.output, HasSubstr("encoder_self"));
}

// heads --words on a pass whose α̂ is on demand (a long input's kind, forced with --attention
// on-demand) prints the dense pass's numbers: each head read as words one at a time.
TEST(CliHeads, WordsOnDemandGiveTheDensePassNumbers) {
  const std::filesystem::path bert = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer/bert-tiny-short";
  const std::string heads = "heads --model '" + bert.string() +
                            "' --text 'unbelievable attention transformers' --words --hide-special --format json";
  const CommandResult dense = run_cli(heads + " --attention dense");
  const CommandResult on_demand = run_cli(heads + " --attention on-demand");
  ASSERT_EQ(dense.status, 0) << dense.all();
  ASSERT_EQ(on_demand.status, 0) << on_demand.all();
  EXPECT_EQ(nlohmann::json::parse(on_demand.output), nlohmann::json::parse(dense.output));
  const CommandResult tokens = run_cli("heads --model '" + bert.string() +
                                       "' --text 'unbelievable attention transformers' --format json --attention dense");
  EXPECT_NE(nlohmann::json::parse(tokens.output), nlohmann::json::parse(dense.output)) << "the words' numbers, not the tokens'";
}

// The largest resident set (VmHWM) attnscope-cli reached running arguments, in bytes, its output
// dropped; -1 when it did not exit with status 0.
long long cli_peak_bytes(const std::vector<std::string>& arguments) {
  std::vector<std::string> words = {ATTNSCOPE_CLI};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (child < 0 || ::wait4(child, &status, 0, &usage) != child) return -1;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return static_cast<long long>(usage.ru_maxrss) * 1024;  // ru_maxrss: KiB
}

// The same on a long text: 2,048 tokens, 4 layers × 8 heads. Every head's α̂ together is 32 · 2048²
// floats = 512 MiB (a read copy of them as large); one head's is 16 MiB. The process peaks far
// below the whole, so no word-level copy of every head is ever held.
TEST(CliHeads, WordsOnDemandHoldOneHeadAtATimeOnALongText) {
  if (test::kSanitizedBuild) GTEST_SKIP() << "the sanitizer's allocator keeps freed memory: the bound holds in the normal build";
  test::TempFolder folder;
  core::ModelConfig config = test::small_config(core::Architecture::EncoderOnly);
  config.encoder_layers = 4;
  config.heads = 8;
  config.max_positions = 2048;
  const auto model = test::write_random_model(folder.path() / "m", config);
  std::string text;
  for (int i = 0; i < 2048 / 4; ++i) text += "the cat sat on ";
  const std::vector<std::string> heads = {"heads", "--model", model.string(), "--text", text, "--words",
                                          "--attention", "on-demand", "--format", "json"};
  const long long whole = 32LL * 2048 * 2048 * 4;
  const long long peak = cli_peak_bytes(heads);
  ASSERT_GT(peak, 0) << "heads --words --attention on-demand failed";
  EXPECT_LT(peak, whole / 2) << "peak " << peak / (1 << 20) << " MiB; every head's α̂ is " << whole / (1 << 20) << " MiB";
}

}  // namespace
