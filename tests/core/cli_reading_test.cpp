// The reading flags of the command line (docs/reading.md, docs/cli.md): dump --words,
// --hide-special, --hide-token, --text-pair, --pair-filter, --top-p write the core's reading of the
// same pass with its labels; heads measures it; every bad input gets its message.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/head_analysis.h"
#include "analysis/methods/top_p.h"
#include "analysis/reading/read_trace.h"
#include "cli_runner.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "model/transformer.h"

namespace {

using test::CommandResult;
using test::run_cli;
using ::testing::HasSubstr;
const auto quoted = test::shell_quoted;

const std::filesystem::path data_dir = ATTNSCOPE_TEST_DATA;
const std::filesystem::path bert_folder = data_dir / "peer/bert-tiny-short";
const std::string bert_dump = "dump --model " + quoted(bert_folder.string());

nlohmann::json run_json(const std::string& arguments) {
  const CommandResult result = run_cli(arguments);
  EXPECT_EQ(result.status, 0) << result.all();
  return nlohmann::json::parse(result.output.empty() ? "{}" : result.output);
}

void expect_error(const std::string& arguments, int status, const std::string& message) {
  const CommandResult result = run_cli(arguments);
  EXPECT_EQ(result.status, status) << arguments << "\n" << result.all();
  EXPECT_THAT(result.errors, HasSubstr(message)) << arguments;
}

void expect_matrix(const nlohmann::json& got, const core::RowMatrix& want) {
  ASSERT_EQ(got.size(), static_cast<std::size_t>(want.rows()));
  for (Eigen::Index i = 0; i < want.rows(); ++i) {
    ASSERT_EQ(got[i].size(), static_cast<std::size_t>(want.cols()));
    for (Eigen::Index j = 0; j < want.cols(); ++j) EXPECT_FLOAT_EQ(got[i][j].get<float>(), want(i, j)) << i << ", " << j;
  }
}

TEST(CliReading, DumpWordsAndHiddenTokensAreTheCoresReading) {
  const nlohmann::json dump = run_json(bert_dump + " --text 'the cat sat on the mat unbelievably' --words --hide-special");
  EXPECT_EQ(dump["reading"]["rule"], "hidden tokens dropped, each row rescaled to keep its total; words: keys summed, queries averaged");
  EXPECT_EQ(dump["source_key_labels"].back(), "unbelievably");
  EXPECT_EQ(dump["source_key_labels"].front(), "the");
  // the same reading in the core, of the same pass
  const core::Model model = core::load_model(bert_folder);
  const core::ModelInput input = core::prepare_inputs(model, "the cat sat on the mat unbelievably");
  const core::ForwardResult pass = core::forward(model, input.source.ids, {});
  core::ReadingOptions reading;
  reading.words = true;
  reading.hide_special = true;
  const core::ReadTrace read = core::read_trace(pass.trace, input.source, {}, reading);
  expect_matrix(dump["attention"]["encoder_self"][1][0], read.trace.attention(core::AttentionKind::EncoderSelf, 1, 0));
  EXPECT_EQ(dump["source_key_groups"].size(), static_cast<std::size_t>(read.source_keys.size()));
  // rows still sum to 1
  for (const auto& row : dump["attention"]["encoder_self"][0][1]) {
    double sum = 0.0;
    for (const auto& x : row) sum += x.get<double>();
    EXPECT_NEAR(sum, 1.0, 1e-5);
  }
}

TEST(CliReading, DumpTopPKeepsEachRowsTopKeys) {
  const nlohmann::json dump = run_json(bert_dump + " --text 'the cat sat on the mat' --top-p 0.5");
  EXPECT_EQ(dump["top_p"], 0.5);
  const core::Model model = core::load_model(bert_folder);
  const core::ModelInput input = core::prepare_inputs(model, "the cat sat on the mat");
  const core::ForwardResult pass = core::forward(model, input.source.ids, {});
  expect_matrix(dump["attention"]["encoder_self"][0][1],
                core::top_p_filter(pass.trace.attention(core::AttentionKind::EncoderSelf, 0, 1), 0.5));
}

TEST(CliReading, DumpTextPairWritesTheTextsAndTheFilteredBlock) {
  const nlohmann::json dump =
      run_json(bert_dump + " --text 'the cat sat' --text-pair 'it was happy' --pair-filter BA --words");
  EXPECT_EQ(dump["source_tokens"].front(), "[CLS]");
  EXPECT_EQ(dump["source_type_ids"].back(), 1);
  EXPECT_EQ(dump["source_sequence_ids"].front(), -1);
  EXPECT_EQ(dump["source_query_labels"], nlohmann::json({"it", "was", "happy"}));
  EXPECT_EQ(dump["source_key_labels"], nlohmann::json({"the", "cat", "sat"}));
  EXPECT_EQ(dump["reading"]["query_text"], "B");
  EXPECT_EQ(dump["reading"]["key_text"], "A");
  // the core's reading of the pair's own pass, text B at token type 1
  const core::Model model = core::load_model(bert_folder);
  const core::ModelInput input = core::prepare_pair_inputs(model, "the cat sat", "it was happy");
  core::ForwardOptions options;
  options.token_types = core::token_types_for(model, input.source);
  const core::ForwardResult pass = core::forward(model, input.source.ids, {}, options);
  core::ReadingOptions reading;
  reading.words = true;
  reading.query_segment = 1;
  reading.key_segment = 0;
  const core::ReadTrace read = core::read_trace(pass.trace, input.source, {}, reading);
  expect_matrix(dump["attention"]["encoder_self"][1][1], read.trace.attention(core::AttentionKind::EncoderSelf, 1, 1));
}

TEST(CliReading, HeadsWithWordsAndPairs) {
  const std::string heads = "heads --model " + quoted(bert_folder.string()) + " --format json";
  const nlohmann::json plain = run_json(heads + " --text 'the cat sat on the mat'");
  const nlohmann::json hidden = run_json(heads + " --text 'the cat sat on the mat' --hide-special");
  ASSERT_EQ(plain.size(), hidden.size());
  // the first and special tokens' share splits into its two parts
  EXPECT_NEAR(plain[0]["sink"].get<double>(), plain[0]["sink_first"].get<double>() + plain[0]["sink_special"].get<double>(), 1e-9);
  // hidden, [CLS] and [SEP] are gone: no special token is left as a sink, only the first word
  EXPECT_EQ(hidden[0]["sink_special"].get<double>(), 0.0);
  const nlohmann::json pair = run_json(heads + " --text 'the cat sat' --text-pair 'it was happy'");
  EXPECT_EQ(pair.size(), plain.size());
}

TEST(CliReading, BadInputIsNamed) {
  const std::string text = " --text 'the cat sat'";
  expect_error(bert_dump + " --text 'the cat' --hide-token dog", 1, "token to hide \"dog\" is not in the text (its tokens: [CLS] the cat [SEP])");
  expect_error(bert_dump + text + " --hide-token ''", 2, "--hide-token needs a token, not an empty string");
  expect_error(bert_dump + text + " --text-pair ''", 1, "text B of the pair is empty");
  expect_error(bert_dump + text + " --pair-filter AB", 1, "the A/B filter needs a text pair (text A and text B)");
  expect_error(bert_dump + text + " --text-pair x --pair-filter A", 2, "--pair-filter takes AA, AB, BA or BB");
  expect_error(bert_dump + text + " --top-p 2", 2, "--top-p takes a share p with 0 < p ≤ 1, not \"2\"");
  expect_error("dump --model " + quoted((data_dir / "peer/marian-tiny-short").string()) + " --text a --text-pair b", 1,
               "this model's tokenizer has no template for a text pair; give one text");
  expect_error("heads --model " + quoted(bert_folder.string()) + " --corpus /dev/null --text-pair b", 2,
               "--text-pair goes with --text, not --corpus");
}

// A corpus file in the temporary folder, removed with the object.
struct CorpusFile {
  explicit CorpusFile(const std::string& text)
      : path(std::filesystem::temp_directory_path() / ("attnscope-reading-" + std::to_string(::getpid()) + ".txt")) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~CorpusFile() { std::filesystem::remove(path); }
  std::filesystem::path path;
};

// The core's reading of one sentence's pass, measured (the single-text `heads` does the same).
core::HeadReport read_report(const core::Model& model, const std::string& text, const core::ReadingOptions& reading) {
  const core::ModelInput input = core::prepare_inputs(model, text);
  const core::ForwardResult pass = core::forward(model, input.source.ids, {});
  const core::ReadTrace read = core::read_trace(pass.trace, input.source, {}, reading);
  core::Tokenization source;
  source.tokens = read.source_queries.labels;
  return core::analyze_trace(read.trace, source, {}, {});
}

TEST(CliReading, HeadsCorpusAveragesEachSentencesReading) {
  const CorpusFile corpus("the cat sat on the mat unbelievably\na dog ran\n");
  const nlohmann::json heads = run_json("heads --model " + quoted(bert_folder.string()) + " --corpus " +
                                        quoted(corpus.path.string()) + " --format json --words --hide-special");
  const core::Model model = core::load_model(bert_folder);
  core::ReadingOptions reading;
  reading.words = true;
  reading.hide_special = true;
  const core::HeadReport first = read_report(model, "the cat sat on the mat unbelievably", reading);
  const core::HeadReport second = read_report(model, "a dog ran", reading);
  ASSERT_EQ(heads.size(), first.kinds.front().metrics.size());
  for (std::size_t n = 0; n < heads.size(); ++n) {
    const core::HeadMetrics& a = first.kinds.front().metrics[n];
    const core::HeadMetrics& b = second.kinds.front().metrics[n];
    EXPECT_NEAR(heads[n]["entropy"].get<double>(), (a.entropy + b.entropy) / 2.0, 1e-6) << n;
    EXPECT_NEAR(heads[n]["sink_first"].get<double>(), (a.sink_first + b.sink_first) / 2.0, 1e-6) << n;
    // with the special tokens hidden, none is left to be a sink
    EXPECT_EQ(heads[n]["sink_special"].get<double>(), 0.0) << n;
  }
}

TEST(CliReading, HeadsCorpusRowsHideATokenWhereASentenceHasIt) {
  const CorpusFile corpus("the cat sat\na dog ran\n");
  const std::string rows = "heads --model " + quoted(bert_folder.string()) + " --corpus " + quoted(corpus.path.string()) +
                           " --per-sentence --format jsonl";
  const CommandResult result = run_cli(rows + " --hide-token the");
  ASSERT_EQ(result.status, 0) << result.all();
  // both sentences give rows: the second has no "the" to hide and is read as it is
  const core::Model model = core::load_model(bert_folder);
  core::ReadingOptions hide_the;
  hide_the.hide_tokens = {"the"};
  const core::HeadReport first = read_report(model, "the cat sat", hide_the);
  const core::HeadReport second = read_report(model, "a dog ran", {});
  std::istringstream lines(result.output);
  std::string line;
  std::size_t rows_read = 0;
  const std::size_t heads_per_sentence = first.kinds.front().metrics.size();
  while (std::getline(lines, line)) {
    const nlohmann::json row = nlohmann::json::parse(line);
    const core::HeadReport& want = row["line"] == 1 ? first : second;
    const core::HeadMetrics& metrics = want.kinds.front().at(row["layer"].get<int>(), row["head"].get<int>());
    EXPECT_NEAR(row["entropy"].get<double>(), metrics.entropy, 1e-6) << line;
    ++rows_read;
  }
  EXPECT_EQ(rows_read, 2 * heads_per_sentence);
  // a token no sentence holds is a mistake, in both forms of the command
  expect_error(rows + " --hide-token xyz", 1, "token to hide \"xyz\" is in none of its sentences");
  expect_error("heads --model " + quoted(bert_folder.string()) + " --corpus " + quoted(corpus.path.string()) +
                   " --hide-token xyz",
               1, corpus.path.string() + ": token to hide \"xyz\" is in none of its sentences");
}

}  // namespace
