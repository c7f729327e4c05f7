// attnscope-cli qk, qk-map and search: the command line prints what the core computes
// (core/analysis/why/), and bad input (an empty corpus, a line longer than the model, an unknown
// token, a head the model lacks, clashing switches) gets a message naming what is wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/why/corpus_search.h"
#include "analysis/why/qk_map.h"
#include "analysis/why/qk_view.h"
#include "cli_runner.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "random_model.h"

namespace {

using test::CommandResult;
using test::run_cli;
using ::testing::HasSubstr;
const auto quoted = test::shell_quoted;

const std::filesystem::path llama_folder = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa";
const std::string llama = " --model " + quoted(llama_folder.string());
const std::string sentence = "The keeper wrote a letter";
const char* const corpus_text =
    "The keeper wrote a letter every winter.\n"
    "\n"
    "A letter came back in the spring.\n"
    "The winter was long and the keeper was alone.\n";

std::filesystem::path write_file(const test::TempFolder& folder, const std::string& name, const std::string& text) {
  const std::filesystem::path path = folder.path() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::vector<core::CorpusSentence> sentences_of(const std::string& text) {
  std::istringstream in(text);
  return core::read_corpus_sentences(in, "corpus.txt");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(CliQk, JsonHoldsTheCoreView) {
  const CommandResult result =
      run_cli("qk" + llama + " --text " + quoted(sentence) + " --layer 1 --head 3 --query 4 --format json");
  ASSERT_EQ(result.status, 0) << result.all();
  const nlohmann::json got = nlohmann::json::parse(result.output);
  const core::Model model = core::load_model(llama_folder);
  const core::ModelInput input = core::prepare_inputs(model, sentence);
  const core::QkView want =
      core::compute_qk_view(model, input.source.ids, input.target.ids, {{core::AttentionKind::DecoderSelf, 1, 3}, 4});
  EXPECT_EQ(got.at("attention"), "decoder_self");
  EXPECT_EQ(got.at("kv_head"), 1);
  EXPECT_EQ(got.at("query_token"), input.target.tokens[4]);
  EXPECT_EQ(got.at("positions"), "rotary");
  ASSERT_EQ(got.at("keys").size(), static_cast<std::size_t>(want.keys()));
  ASSERT_EQ(got.at("q_rotated").size(), static_cast<std::size_t>(want.head_dim));
  for (int j = 0; j < want.keys(); ++j) {
    const nlohmann::json& key = got.at("keys")[static_cast<std::size_t>(j)];
    EXPECT_EQ(key.at("token"), input.target.tokens[static_cast<std::size_t>(j)]);
    EXPECT_FLOAT_EQ(key.at("alpha_hat").get<float>(), want.alpha_hat(j)) << "key " << j;
    EXPECT_FLOAT_EQ(key.at("content_unrotated").get<float>(), want.content_unrotated(j)) << "key " << j;
    EXPECT_EQ(key.at("masked").get<bool>(), j > 4);
    if (j > 4) {
      EXPECT_TRUE(key.at("alpha").is_null());
    }
    for (int d = 0; d < want.head_dim; ++d) EXPECT_FLOAT_EQ(key.at("products")[static_cast<std::size_t>(d)].get<float>(), want.products(j, d));
  }
}

TEST(CliQk, TableListsEveryKeyWithTheScoreTerms) {
  const CommandResult result = run_cli("qk" + llama + " --text " + quoted(sentence) + " --layer 0 --head 0 --query 2");
  ASSERT_EQ(result.status, 0) << result.all();
  const std::vector<std::string> lines = lines_of(result.output);
  const core::Model model = core::load_model(llama_folder);
  const std::size_t keys = core::prepare_inputs(model, sentence).target.size();
  ASSERT_EQ(lines.size(), 5 + keys);  // title, legend, q, q_rotated, header, keys
  EXPECT_THAT(lines[0], HasSubstr("decoder_self layer 0 head 0 (key/value head 0), query 2"));
  EXPECT_THAT(lines[4], HasSubstr("key\ttoken\tcontent\tunrotated\trotation\tα\tα̂\tq⊙k[0]"));
  EXPECT_THAT(lines[5 + 3], HasSubstr("\tmasked\t0\t"));  // key 3 after query 2: causal mask
}

// "positions: none" would read as a model without positions: an absolute table is named as what
// reaches q and k through the input rows; a score term (rotary, T5's bias) is named alone.
TEST(CliQk, TheHeaderSaysWhereThePositionsAre) {
  const std::filesystem::path data = ATTNSCOPE_TEST_DATA;
  const auto header = [&](const std::string& folder, const std::string& more) {
    const CommandResult result = run_cli("qk --model " + quoted((data / folder).string()) + " --text " +
                                         quoted(sentence) + " --layer 0 --head 0 --query 1" + more);
    EXPECT_EQ(result.status, 0) << result.all();
    return lines_of(result.output).empty() ? std::string() : lines_of(result.output).front();
  };
  EXPECT_THAT(header("peer/bert-tiny-short", ""),
              HasSubstr("positions: none in the score (learned positions are added to the input rows, so q and k carry them)"));
  EXPECT_THAT(header("peer/marian-tiny-short", ""), HasSubstr("positions: none in the score (sinusoidal positions"));
  EXPECT_THAT(header("peer/bert-tiny-short", " --no-pe"), testing::EndsWith("positions: none (off)"));
  EXPECT_THAT(header("hf-cases/llama-tiny-gqa", ""), testing::EndsWith("positions: rotary"));
  EXPECT_THAT(header("peer/t5-tiny-short", ""), testing::EndsWith("positions: relative bias"));
}

// --text-pair: the q·k view of a BERT pair's pass, with B's token type 1 in q and k.
TEST(CliQk, ATextPairIsReadWithItsTokenTypes) {
  const std::filesystem::path bert = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer/bert-tiny-short";
  const CommandResult result = run_cli("qk --model " + quoted(bert.string()) +
                                       " --text 'the cat' --text-pair 'a dog' --layer 0 --head 1 --query 4 --format json");
  ASSERT_EQ(result.status, 0) << result.all();
  const nlohmann::json out = nlohmann::json::parse(result.output);
  const core::Model model = core::load_model(bert);
  core::ForwardOptions typed;
  const core::ModelInput input = core::prepare_pair_inputs(model, "the cat", "a dog", "", typed);
  typed.token_types = core::token_types_for(model, input.source);
  const core::QkRequest request{{core::AttentionKind::EncoderSelf, 0, 1}, 4};
  const core::QkView want = core::compute_qk_view(model, input.source.ids, {}, request, typed);
  const core::QkView untyped = core::compute_qk_view(model, input.source.ids, {}, request);
  ASSERT_EQ(out["keys"].size(), static_cast<std::size_t>(want.keys()));
  for (int j = 0; j < want.keys(); ++j) {
    EXPECT_FLOAT_EQ(out["keys"][static_cast<std::size_t>(j)]["alpha_hat"].get<float>(), want.alpha_hat(j)) << j;
  }
  EXPECT_NE(want.alpha_hat(0), untyped.alpha_hat(0));  // the types reach q and k
}

TEST(CliQk, NamesWhatDoesNotExist) {
  CommandResult result = run_cli("qk" + llama + " --text " + quoted(sentence) + " --layer 1 --head 9 --query 0");
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.errors, HasSubstr("decoder_self layer 1 head 9 does not exist: the layer has 4 heads"));
  result = run_cli("qk" + llama + " --text " + quoted(sentence) + " --layer 0 --head 0 --query 0 --attention encoder_self");
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.errors, HasSubstr("the model has no encoder_self attention"));
  result = run_cli("qk" + llama + " --text " + quoted(sentence) + " --layer 0 --head 0 --query 40");
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.errors, HasSubstr("query 40 does not exist"));
  result = run_cli("qk" + llama + " --text " + quoted(sentence) + " --layer 0 --head 0");
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.errors, HasSubstr("--query is required"));
}

TEST(CliQkMap, CsvHoldsTheCoreMap) {
  const test::TempFolder folder;
  const std::filesystem::path corpus = write_file(folder, "corpus.txt", corpus_text);
  const std::filesystem::path out = folder.path() / "map.csv";
  const CommandResult result = run_cli("qk-map" + llama + " --corpus " + quoted(corpus.string()) +
                                       " --layer 1 --head 2 --out " + quoted(out.string()));
  ASSERT_EQ(result.status, 0) << result.all();
  EXPECT_THAT(result.errors, HasSubstr("points from 3 sentence(s)"));
  std::ifstream in(out);
  const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::vector<std::string> lines = lines_of(csv);
  const core::Model model = core::load_model(llama_folder);
  const core::QkMap map =
      core::compute_qk_map(model, sentences_of(corpus_text), "corpus.txt", {core::AttentionKind::DecoderSelf, 1, 2});
  ASSERT_EQ(lines.size(), map.points.size() + 1);
  EXPECT_EQ(lines[0], "sentence,line,position,token,kind,x,y");
  for (std::size_t n = 0; n < map.points.size(); ++n) {
    std::istringstream row(lines[n + 1]);
    std::vector<std::string> fields;
    for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
    ASSERT_EQ(fields.size(), 7u) << lines[n + 1];
    const core::QkPoint& point = map.points[n];
    EXPECT_EQ(std::stoul(fields[0]), point.sentence);
    EXPECT_EQ(std::stoll(fields[1]), map.sentences[point.sentence].line);
    EXPECT_EQ(std::stoi(fields[2]), point.position);
    EXPECT_EQ(fields[3], point.token);
    EXPECT_EQ(fields[4], core::to_string(point.kind));
    EXPECT_NEAR(std::stod(fields[5]), point.x, 1e-7 * (1 + std::abs(point.x)));
    EXPECT_NEAR(std::stod(fields[6]), point.y, 1e-7 * (1 + std::abs(point.y)));
  }
  EXPECT_EQ(lines[1].substr(0, 6), "0,1,0,");  // sentence 0 is line 1; line 3 (after a blank) is sentence 1
  EXPECT_THAT(csv, HasSubstr("\n1,3,0,"));
}

TEST(CliQkMap, NormaliseGivesTheCoresNormalisedMap) {
  const test::TempFolder folder;
  const std::filesystem::path corpus = write_file(folder, "corpus.txt", corpus_text);
  const CommandResult result =
      run_cli("qk-map" + llama + " --corpus " + quoted(corpus.string()) + " --layer 1 --head 2 --normalise");
  ASSERT_EQ(result.status, 0) << result.all();
  EXPECT_THAT(result.errors, HasSubstr("(queries and keys centred and scaled separately)"));
  const std::vector<std::string> lines = lines_of(result.output);
  const core::Model model = core::load_model(llama_folder);
  core::QkMapOptions options;
  options.normalise = true;
  const core::QkMap map = core::compute_qk_map(model, sentences_of(corpus_text), "corpus.txt",
                                               {core::AttentionKind::DecoderSelf, 1, 2}, options);
  ASSERT_EQ(lines.size(), map.points.size() + 1);
  for (std::size_t n = 0; n < map.points.size(); ++n) {
    std::istringstream row(lines[n + 1]);
    std::vector<std::string> fields;
    for (std::string field; std::getline(row, field, ',');) fields.push_back(field);
    ASSERT_EQ(fields.size(), 7u) << lines[n + 1];
    EXPECT_NEAR(std::stod(fields[5]), map.points[n].x, 1e-7 * (1 + std::abs(map.points[n].x))) << n;
    EXPECT_NEAR(std::stod(fields[6]), map.points[n].y, 1e-7 * (1 + std::abs(map.points[n].y))) << n;
  }
}

TEST(CliSearch, CsvAndJsonlListTheCoreHits) {
  const test::TempFolder folder;
  const std::filesystem::path corpus = write_file(folder, "corpus.txt", corpus_text);
  const std::string command = "search" + llama + " --corpus " + quoted(corpus.string()) + " --layer 1 --head 2 --token er --to --limit 4";
  const CommandResult csv = run_cli(command + " --format csv");
  ASSERT_EQ(csv.status, 0) << csv.all();
  const core::Model model = core::load_model(llama_folder);
  core::SearchOptions options;
  options.mode = core::SearchMode::To;
  options.limit = 4;
  const core::CorpusSearch want = core::search_corpus(model, sentences_of(corpus_text), "corpus.txt",
                                                      {core::AttentionKind::DecoderSelf, 1, 2}, "er", options);
  const std::vector<std::string> lines = lines_of(csv.output);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "rank,sentence,line,layer,head,query,query_token,key,key_token,weight,text");
  const CommandResult jsonl = run_cli(command + " --format jsonl");
  ASSERT_EQ(jsonl.status, 0) << jsonl.all();
  const std::vector<std::string> rows = lines_of(jsonl.output);
  ASSERT_EQ(rows.size(), 4u);
  for (std::size_t r = 0; r < 4; ++r) {
    const nlohmann::json row = nlohmann::json::parse(rows[r]);
    const core::SearchHit& hit = want.hits[r];
    EXPECT_EQ(row.at("rank"), r + 1);
    EXPECT_EQ(row.at("sentence"), hit.sentence);
    EXPECT_EQ(row.at("query"), hit.query);
    EXPECT_EQ(row.at("key"), hit.key);
    EXPECT_EQ(row.at("key_token"), "er");
    EXPECT_EQ(row.at("text"), want.sentences[hit.sentence].text);
    EXPECT_FLOAT_EQ(row.at("weight").get<float>(), static_cast<float>(hit.weight));
    EXPECT_EQ(row.at("layer"), 1);
    EXPECT_EQ(row.at("head"), 2);
    EXPECT_THAT(lines[r + 1], HasSubstr(",1,2," + std::to_string(hit.query) + "," + hit.query_token + "," +
                                        std::to_string(hit.key) + ",er,"));
  }
  const CommandResult table = run_cli(command);
  ASSERT_EQ(table.status, 0) << table.all();
  EXPECT_THAT(table.output, HasSubstr("attends most to \"er\": 4 of " + std::to_string(want.matches) + " match(es)"));
}

TEST(CliSearch, SeveralHeadsAtOnce) {
  const test::TempFolder folder;
  const std::filesystem::path corpus = write_file(folder, "corpus.txt", corpus_text);
  const std::string command = "search" + llama + " --corpus " + quoted(corpus.string()) + " --token er --to --limit 6";
  const core::Model model = core::load_model(llama_folder);
  core::SearchOptions options;
  options.mode = core::SearchMode::To;
  options.limit = 6;
  // every head of layer 1
  const core::CorpusSearch layer = core::search_corpus(
      model, sentences_of(corpus_text), "corpus.txt",
      core::heads_of_layer(model.spec(), core::AttentionKind::DecoderSelf, 1), "er", options);
  const CommandResult all = run_cli(command + " --layer 1 --head all --format jsonl");
  ASSERT_EQ(all.status, 0) << all.all();
  const std::vector<std::string> rows = lines_of(all.output);
  ASSERT_EQ(rows.size(), 6u);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const nlohmann::json row = nlohmann::json::parse(rows[r]);
    EXPECT_EQ(row.at("layer"), layer.hits[r].head.layer) << r;
    EXPECT_EQ(row.at("head"), layer.hits[r].head.head) << r;
    EXPECT_EQ(row.at("query"), layer.hits[r].query) << r;
    EXPECT_FLOAT_EQ(row.at("weight").get<float>(), static_cast<float>(layer.hits[r].weight)) << r;
  }
  // a set of layer.head pairs
  const std::vector<core::HeadRef> pairs = {{core::AttentionKind::DecoderSelf, 0, 3}, {core::AttentionKind::DecoderSelf, 1, 2}};
  const core::CorpusSearch chosen = core::search_corpus(model, sentences_of(corpus_text), "corpus.txt", pairs, "er", options);
  const CommandResult table = run_cli(command + " --heads 0.3,1.2");
  ASSERT_EQ(table.status, 0) << table.all();
  EXPECT_THAT(table.output, HasSubstr("where decoder_self heads 0.3, 1.2 attend most to \"er\": 6 of " +
                                      std::to_string(chosen.matches) + " match(es)"));
  EXPECT_THAT(table.output, HasSubstr("rank\tline\thead\tquery\tkey\tweight\tsentence"));
  const core::SearchHit& best = chosen.hits.front();
  EXPECT_THAT(table.output, HasSubstr("\n1\t" + std::to_string(chosen.sentences[best.sentence].line) + "\t" +
                                      std::to_string(best.head.layer) + "." + std::to_string(best.head.head) + "\t"));
  // bad sets get a message
  CommandResult bad = run_cli(command + " --heads 0.3,0.3");
  EXPECT_EQ(bad.status, 1);
  EXPECT_THAT(bad.errors, HasSubstr("layer 0 head 3 is given twice"));
  bad = run_cli(command + " --heads 0.3 --layer 1");
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.errors, HasSubstr("give --heads [KIND:]L.H,… or --layer and --head (with --attention), not both"));
  bad = run_cli(command + " --layer 5 --head all");
  EXPECT_EQ(bad.status, 1);
  EXPECT_THAT(bad.errors, HasSubstr("decoder_self layer 5 does not exist"));
}

TEST(CliSearch, BadInputGetsAMessage) {
  const test::TempFolder folder;
  const std::filesystem::path corpus = write_file(folder, "corpus.txt", corpus_text);
  const std::filesystem::path empty = write_file(folder, "empty.txt", "");
  const std::string head = " --layer 0 --head 0";
  CommandResult result = run_cli("search" + llama + " --corpus " + quoted(empty.string()) + head + " --token er");
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.errors, HasSubstr("empty.txt: no sentences: the file is empty"));
  result = run_cli("qk-map" + llama + " --corpus " + quoted(empty.string()) + head);
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.errors, HasSubstr("empty.txt: no sentences: the file is empty"));
  result = run_cli("search" + llama + " --corpus " + quoted(corpus.string()) + head + " --token keeper");
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.errors,
              HasSubstr("token \"keeper\" is not one token of this model: it tokenises as \"▁ke\" \"ep\" \"er\"; "
                        "search for one of those"));
  result = run_cli("search" + llama + " --corpus " + quoted(corpus.string()) + head + " --token er --from --to");
  EXPECT_EQ(result.status, 2);
  EXPECT_THAT(result.errors, HasSubstr("give one of --from, --to and --top-key"));
  result = run_cli("search" + llama + " --corpus " + quoted((folder.path() / "missing.txt").string()) + head + " --token er");
  EXPECT_EQ(result.status, 1);
  EXPECT_THAT(result.errors, HasSubstr("missing.txt: cannot be read"));
}

TEST(CliSearch, ALineLongerThanTheModelIsCutWithANote) {
  const test::TempFolder folder;
  const std::filesystem::path model_folder =
      test::write_random_model(folder.path() / "model", test::small_config(core::Architecture::DecoderOnly));
  std::string long_line;
  for (int n = 0; n < 30; ++n) long_line += "the cat ";
  const std::filesystem::path corpus = write_file(folder, "corpus.txt", "the cat sat\n" + long_line + "\n");
  const CommandResult result = run_cli("search --model " + quoted(model_folder.string()) + " --corpus " +
                                       quoted(corpus.string()) + " --layer 0 --head 0 --token cat --to --format csv");
  ASSERT_EQ(result.status, 0) << result.all();
  EXPECT_THAT(result.errors, HasSubstr("corpus.txt:2: cut to the model's maximum of 16 tokens (the line has"));
  EXPECT_THAT(result.output, HasSubstr(",1,2,"));  // hits from the cut line (sentence 1, line 2) are listed
}

}  // namespace
