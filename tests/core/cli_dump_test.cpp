// attnscope-cli dump for big traces: --only-layers/--only-heads choose what goes out, and
// --format npy --out-dir writes one .npy per kind and layer plus index.json; both agree with the
// full JSON dump. Also core::npy_float32's bytes on their own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "io/npy.h"
#include "npy_reader.h"
#include "random_model.h"

namespace {

using test::CommandResult;
using test::run_cli;
using ::testing::HasSubstr;
using ::testing::Not;
const auto quoted = test::shell_quoted;

const std::filesystem::path peer_cases = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer";
const std::string bert = "dump --model " + quoted((peer_cases / "bert-tiny-short").string()) + " --source-ids 2,7,9,3";
const std::string marian = "dump --model " + quoted((peer_cases / "marian-tiny-short").string()) +
                           " --text 'The quick brown fox' --target 'Le renard'";

nlohmann::json dump_json(const std::string& arguments) {
  const CommandResult result = run_cli(arguments);
  EXPECT_EQ(result.status, 0) << result.all();
  return nlohmann::json::parse(result.output);
}

// The command fails as a usage error (status 2) with message on standard error.
void expect_usage_error(const std::string& arguments, const std::string& message) {
  const CommandResult result = run_cli(arguments);
  EXPECT_EQ(result.status, 2) << arguments;
  EXPECT_THAT(result.errors, HasSubstr(message)) << arguments;
}

TEST(NpyWriter, WritesVersionOneWithA64ByteAlignedHeader) {
  core::RowMatrix a(2, 3);
  a << 1, 2, 3, 4, 5, 6;
  const core::RowMatrix b = -a;
  const std::string bytes = core::npy_float32({a, b});
  const test::NpyArray array = test::parse_npy(bytes);
  EXPECT_EQ(array.header_bytes % 64, 0u);
  EXPECT_EQ(array.shape, (std::vector<long>{2, 2, 3}));
  EXPECT_EQ(array.at(0, 1, 2), 6.0f);
  EXPECT_EQ(array.at(1, 0, 1), -2.0f);
  EXPECT_EQ(test::parse_npy(core::npy_float32({})).shape, (std::vector<long>{0, 0, 0}));
  EXPECT_THROW(core::npy_float32({a, core::RowMatrix(3, 2)}), std::invalid_argument);
}

// A decoder-only model's --text is its input: the note on a cut says so, not "target".
TEST(CliDump, ACutDecoderOnlyInputIsCalledTheInput) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "the cat sat on the mat ";
  const CommandResult result = run_cli("dump --model " + quoted((peer_cases / "gpt2-tiny-short").string()) + " --text " +
                                       quoted(text) + " --only-layers 0");
  ASSERT_EQ(result.status, 0) << result.errors;
  EXPECT_THAT(result.errors, HasSubstr("note: the input text has "));
  EXPECT_THAT(result.errors, HasSubstr("tokens; kept the first "));
  EXPECT_THAT(result.errors, Not(HasSubstr("target")));
}

TEST(CliDump, OnlyLayersAndHeadsKeepThoseInTheOrderAsked) {
  const nlohmann::json full = dump_json(bert);
  const nlohmann::json part = dump_json(bert + " --only-layers 1 --only-heads 3,0");
  EXPECT_EQ(part["attention_layers"], nlohmann::json({1}));
  EXPECT_EQ(part["attention_heads"], nlohmann::json({3, 0}));
  const nlohmann::json& layers = part["attention"]["encoder_self"];
  ASSERT_EQ(layers.size(), 1u);
  ASSERT_EQ(layers[0].size(), 2u);
  EXPECT_EQ(layers[0][0], full["attention"]["encoder_self"][1][3]);
  EXPECT_EQ(layers[0][1], full["attention"]["encoder_self"][1][0]);
  EXPECT_EQ(part["logits"], full["logits"]);
  EXPECT_FALSE(full.contains("attention_layers")) << "a whole dump keeps its layout";

  const nlohmann::json heads_only = dump_json(marian + " --only-heads 1");
  for (const char* kind : {"encoder_self", "decoder_self", "decoder_cross"}) {
    ASSERT_EQ(heads_only["attention"][kind].size(), 2u) << kind;
    EXPECT_EQ(heads_only["attention"][kind][1].size(), 1u) << kind;
  }
}

TEST(CliDump, ALayerOrHeadTheModelLacksIsAUsageErrorNamingIt) {
  expect_usage_error(bert + " --only-layers 0,2", "--only-layers: layer 2: the encoder_self attention has layers 0..1");
  expect_usage_error(bert + " --only-heads 4", "--only-heads: head 4: encoder_self layer 0 has heads 0..3");
  expect_usage_error(bert + " --only-heads -1", "--only-heads: head -1: ");
  expect_usage_error(bert + " --only-layers first", "--only-layers: \"first\" is not an integer layer");
}

TEST(CliDump, NpyFilesHoldWhatTheJsonDumpHolds) {
  test::TempFolder temp;
  const std::filesystem::path folder = temp.path() / "trace";
  const CommandResult result = run_cli(marian + " --format npy --only-heads 1,3 --out-dir " + quoted(folder.string()));
  ASSERT_EQ(result.status, 0) << result.all();
  EXPECT_TRUE(result.output.empty());
  EXPECT_FALSE(std::filesystem::exists(temp.path() / "trace.partial"));
  const nlohmann::json full = dump_json(marian);

  std::ifstream index_stream(folder / "index.json");
  const nlohmann::json index = nlohmann::json::parse(index_stream);
  EXPECT_EQ(index["model"], full["model"]);
  EXPECT_EQ(index["source_tokens"], full["source_tokens"]);
  EXPECT_EQ(index["target_ids"], full["target_ids"]);
  EXPECT_EQ(index["attention_heads"], nlohmann::json({1, 3}));
  ASSERT_EQ(index["files"].size(), 6u) << "2 layers × encoder_self, decoder_self, decoder_cross";
  for (const nlohmann::json& file : index["files"]) {
    const std::string kind = file["kind"];
    const int layer = file["layer"];
    EXPECT_EQ(file["file"], kind + "_layer_" + std::to_string(layer) + ".npy");
    EXPECT_EQ(file["heads"], nlohmann::json({1, 3}));
    const test::NpyArray array = test::read_npy((folder / file["file"].get<std::string>()).string());
    EXPECT_EQ(nlohmann::json(array.shape), file["shape"]);
    const nlohmann::json& want = full["attention"][kind][layer];
    ASSERT_EQ(array.shape[0], 2);
    ASSERT_EQ(static_cast<std::size_t>(array.shape[1]), want[0].size());
    ASSERT_EQ(static_cast<std::size_t>(array.shape[2]), want[0][0].size());
    double worst = 0.0;
    for (long h = 0; h < 2; ++h) {
      const nlohmann::json& head = want[h == 0 ? 1 : 3];
      for (long q = 0; q < array.shape[1]; ++q) {
        for (long k = 0; k < array.shape[2]; ++k) {
          worst = std::max(worst, std::abs(array.at(h, q, k) - head[q][k].get<double>()));
        }
      }
    }
    EXPECT_LE(worst, 1e-7) << file["file"];
  }
}

TEST(CliDump, NpyNeedsANewFolderAndLeavesNothingWhenItFails) {
  test::TempFolder temp;
  const std::filesystem::path folder = temp.path() / "trace";
  expect_usage_error(bert + " --format npy", "--format npy needs --out-dir DIR");
  expect_usage_error(bert + " --format npy --out x.json --out-dir " + quoted(folder.string()),
                     "--out writes one JSON file; with --format npy give --out-dir DIR");
  expect_usage_error(bert + " --format csv", "--format takes json or npy, not \"csv\"");
  expect_usage_error(bert + " --out-dir " + quoted(folder.string()), "--out-dir goes with --format npy");

  const std::string bad_id = "dump --model " + quoted((peer_cases / "bert-tiny-short").string()) + " --source-ids 2,100000";
  EXPECT_EQ(run_cli(bad_id + " --format npy --out-dir " + quoted(folder.string())).status, 1);
  EXPECT_FALSE(std::filesystem::exists(folder));
  EXPECT_FALSE(std::filesystem::exists(temp.path() / "trace.partial"));

  std::filesystem::create_directories(folder);
  std::ofstream(folder / "old.txt") << "keep me";
  const CommandResult occupied = run_cli(bert + " --format npy --out-dir " + quoted(folder.string()));
  EXPECT_EQ(occupied.status, 1);
  EXPECT_THAT(occupied.errors, HasSubstr("trace: exists and is not empty; give a new or empty folder"));
  EXPECT_TRUE(std::filesystem::exists(folder / "old.txt"));

  std::filesystem::remove(folder / "old.txt");
  EXPECT_EQ(run_cli(bert + " --format npy --out-dir " + quoted(folder.string())).status, 0) << "an empty folder is fine";
  EXPECT_TRUE(std::filesystem::exists(folder / "encoder_self_layer_1.npy"));
}

}  // namespace

namespace {

TEST(CliDump, OnDemandAttentionDumpsWhatDenseDumps) {
  const nlohmann::json dense = dump_json(marian + " --attention dense");
  const nlohmann::json on_demand = dump_json(marian + " --attention on-demand");
  EXPECT_EQ(on_demand["attention"], dense["attention"]);
  EXPECT_EQ(on_demand["logits"], dense["logits"]);
  EXPECT_EQ(dump_json(marian)["attention"], dense["attention"]) << "auto: a small trace is dense";
  EXPECT_EQ(dump_json(marian + " --attention on-demand --only-layers 1 --only-heads 3,0")["attention"],
            dump_json(marian + " --only-layers 1 --only-heads 3,0")["attention"]);

  test::TempFolder temp;
  const CommandResult npy = run_cli(marian + " --attention on-demand --format npy --only-heads 2 --out-dir " +
                                    quoted((temp.path() / "lazy").string()));
  ASSERT_EQ(npy.status, 0) << npy.all();
  const test::NpyArray array = test::read_npy((temp.path() / "lazy" / "decoder_cross_layer_1.npy").string());
  const nlohmann::json& want = dense["attention"]["decoder_cross"][1][2];
  ASSERT_EQ(array.shape, (std::vector<long>{1, static_cast<long>(want.size()), static_cast<long>(want[0].size())}));
  for (long q = 0; q < array.shape[1]; ++q) {
    for (long k = 0; k < array.shape[2]; ++k) EXPECT_FLOAT_EQ(array.at(0, q, k), want[q][k].get<float>());
  }
}

TEST(CliDump, AnUnknownAttentionStorageIsAUsageError) {
  expect_usage_error(bert + " --attention lazy", "--attention takes dense, on-demand or auto, not \"lazy\"");
}

}  // namespace
