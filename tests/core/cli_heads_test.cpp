// attnscope-cli heads: one JSON object per head with every metric key, in every format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>


#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "random_model.h"

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

}  // namespace
