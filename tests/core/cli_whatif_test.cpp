// attnscope-cli ablate and diff (docs/cli.md, "What if"): the numbers printed are the core's
// comparison of two forward passes computed here, the difference files carry token labels, and
// bad requests (a head the model lacks, an unknown replacement, checkpoints of two architectures,
// no comparison or two) get a message naming what is wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "analysis/methods/attention_method.h"
#include "analysis/methods/top_p.h"
#include "analysis/reading/token_reading.h"
#include "analysis/whatif/comparison.h"
#include "analysis/whatif/edited_input.h"
#include "analysis/whatif/token_alignment.h"
#include "analysis/whatif/prediction_change.h"
#include "cli_runner.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "npy_reader.h"

namespace {

using test::CommandResult;
using test::run_cli;
using ::testing::HasSubstr;
const auto quoted = test::shell_quoted;

const std::filesystem::path models = ATTNSCOPE_MODELS;
const std::filesystem::path bert = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer/bert-tiny-short";

nlohmann::json run_json(const std::string& arguments) {
  const CommandResult result = run_cli(arguments);
  EXPECT_EQ(result.status, 0) << result.all();
  return nlohmann::json::parse(result.output);
}

void expect_error(const std::string& arguments, int status, const std::string& message) {
  const CommandResult result = run_cli(arguments);
  EXPECT_EQ(result.status, status) << arguments << "\n" << result.all();
  EXPECT_THAT(result.errors, HasSubstr(message)) << arguments;
}

TEST(CliAblate, TopDeltasAndKlAreTheCoresComparisonOfTheTwoPasses) {
  const std::string induction = quoted((models / "induction").string());
  const nlohmann::json out =
      run_json("ablate --model " + induction + " --text 'a b c d a b c' --heads 1.0,1.1,1.2,1.3 --top 3 --format json");
  // the same two passes here
  const core::Model model = core::load_model(models / "induction");
  const core::ModelInput input = core::prepare_inputs(model, "a b c d a b c");
  core::ForwardOptions off;
  for (int h = 0; h < 4; ++h) off.ablated_heads.push_back({core::AttentionKind::DecoderSelf, 1, h});
  const core::ForwardResult all = core::forward(model, {}, input.target.ids);
  const core::ForwardResult ablated = core::forward(model, {}, input.target.ids, off);
  const core::PredictionChange want = core::compare_predictions(all.last_logits, ablated.last_logits, 3);
  EXPECT_DOUBLE_EQ(out["prediction"]["kl_divergence"].get<double>(), want.kl_divergence);
  ASSERT_EQ(out["prediction"]["top"].size(), 3u);
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(out["prediction"]["top"][r]["id"].get<int>(), want.top[r].id);
    EXPECT_DOUBLE_EQ(out["prediction"]["top"][r]["delta"].get<double>(), want.top[r].delta);
  }
  EXPECT_EQ(out["prediction"]["top_before"]["token"], "d");  // the induction head's copy
  EXPECT_EQ(out["heads_off"].size(), 4u);
  // layer 0 (before the heads switched off) and layer 1 itself keep their attention
  ASSERT_EQ(out["attention_change"].size(), 2u);
  EXPECT_EQ(out["attention_change"][0]["largest"].get<double>(), 0.0);
  EXPECT_EQ(out["attention_change"][1]["largest"].get<double>(), 0.0);

  const CommandResult table =
      run_cli("ablate --model " + induction + " --text 'a b c d a b c' --heads 1.0,1.1,1.2,1.3");
  EXPECT_EQ(table.status, 0) << table.all();
  EXPECT_THAT(table.output,
              HasSubstr("heads off: decoder_self:1.0, decoder_self:1.1, decoder_self:1.2, decoder_self:1.3"));
  EXPECT_THAT(table.output, HasSubstr("KL(P || Q) = "));
  EXPECT_THAT(table.output, HasSubstr("1     d"));
}

TEST(CliAblate, ADownstreamLayerChangesWhenAnEncoderHeadIsOff) {
  const nlohmann::json out = run_json("ablate --model " + quoted((models / "reverse").string()) +
                                      " --text '3 1 4 1 5' --heads encoder_self:0.1 --format json");
  ASSERT_EQ(out["attention_change"].size(), 6u);
  EXPECT_EQ(out["attention_change"][0]["kind"], "encoder_self");
  EXPECT_EQ(out["attention_change"][0]["largest"].get<double>(), 0.0);
  EXPECT_GT(out["attention_change"][1]["largest"].get<double>(), 0.0);  // encoder layer 1 reads layer 0's output
  EXPECT_GT(out["attention_change"][5]["largest"].get<double>(), 0.0);  // the last cross-attention
}

TEST(CliAblate, BadHeadsGetAMessage) {
  const std::string reverse = "ablate --model " + quoted((models / "reverse").string()) + " --text '3 1 4'";
  expect_error(reverse + " --heads x", 2, "--heads: \"x\" is not [KIND:]LAYER.HEAD");
  expect_error(reverse + " --heads encoder:0.1", 2,
               "--heads: \"encoder\" is not encoder_self, decoder_self or decoder_cross");
  expect_error(reverse + " --heads 7.0", 1, "layer 7");
  expect_error(reverse + " --heads 0.1,encoder_self:0.1", 2, "--heads: encoder_self:0.1 is listed twice");
  expect_error(reverse + " --heads 0.1 --format csv", 2, "--format takes table or json");
}

TEST(CliDiff, AMaskEditGivesTheDifferenceOfTheTwoPassesWithTokenLabels) {
  const nlohmann::json out =
      run_json("diff --model " + quoted(bert.string()) + " --text 'the quick cat' --edit mask:2");
  EXPECT_EQ(out["compare"], "edit");
  EXPECT_EQ(out["source"]["labels"], (nlohmann::json{"0:[CLS]", "1:the", "2:quick→[MASK]", "3:cat", "4:[SEP]"}));
  const core::Model model = core::load_model(bert);
  const core::Tokenization tokens = model.source_tokenizer().encode("the quick cat");
  std::vector<int> masked = tokens.ids;
  masked[2] = 4;  // [MASK]
  const core::ForwardResult a = core::forward(model, tokens.ids, {});
  const core::ForwardResult b = core::forward(model, masked, {});
  ASSERT_EQ(out["layers"].size(), a.trace.encoder_self.size());
  for (std::size_t l = 0; l < a.trace.encoder_self.size(); ++l) {
    const nlohmann::json& layer = out["layers"][l];
    EXPECT_EQ(layer["query_labels"], out["source"]["labels"]);
    for (std::size_t h = 0; h < a.trace.encoder_self[l].heads.size(); ++h) {
      const core::RowMatrix want = b.trace.encoder_self[l].heads[h] - a.trace.encoder_self[l].heads[h];
      for (Eigen::Index i = 0; i < want.rows(); ++i) {
        for (Eigen::Index j = 0; j < want.cols(); ++j) {
          ASSERT_EQ(layer["heads"][h][i][j].get<float>(), want(i, j)) << "layer " << l << " head " << h;
        }
      }
    }
  }
  EXPECT_TRUE(out.contains("prediction"));
}

TEST(CliDiff, SentencesAreAlignedByLcsAndCsvRowsCarryTheLabels) {
  const std::string args =
      "diff --model " + quoted(bert.string()) + " --text 'the quick cat' --compare-text 'the big quick dog'";
  const nlohmann::json out = run_json(args);
  EXPECT_EQ(out["source"]["a_positions"], (nlohmann::json{0, 1, 2, 4}));
  EXPECT_EQ(out["source"]["b_positions"], (nlohmann::json{0, 1, 5, 7}));
  EXPECT_EQ(out["source"]["labels"], (nlohmann::json{"0:[CLS]", "1:the", "2→5:quick", "4→7:[SEP]"}));
  const CommandResult csv = run_cli(args + " --format csv");
  ASSERT_EQ(csv.status, 0) << csv.all();
  std::istringstream lines(csv.output);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header, "kind,layer,head,query,key,difference");
  std::size_t rows = 0;
  for (std::string line; std::getline(lines, line);) ++rows;
  const std::size_t heads = out["layers"][0]["heads"].size();
  EXPECT_EQ(rows, out["layers"].size() * heads * 4 * 4);
  EXPECT_THAT(csv.output, HasSubstr("encoder_self,0,0,2→5:quick,4→7:[SEP],"));
}

TEST(CliDiff, PositionalEncodingAndCheckpointDifferencesAsNpyWithAnIndex) {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("attnscope-diff-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  const std::string reverse = quoted((models / "reverse").string());
  const CommandResult result = run_cli(
      "diff --model " + reverse + " --text '3 1 4' --compare-pe --format npy --out-dir " + quoted(folder.string()));
  ASSERT_EQ(result.status, 0) << result.all();
  std::ifstream stream(folder / "index.json");
  const nlohmann::json index = nlohmann::json::parse(stream);
  EXPECT_EQ(index["compare"], "pe");
  ASSERT_EQ(index["files"].size(), 6u);
  EXPECT_EQ(index["files"][0]["file"], "encoder_self_layer_0_difference.npy");
  const test::NpyArray d = test::read_npy((folder / "encoder_self_layer_0_difference.npy").string());
  // B − A = α̂ with PE − α̂ without PE
  const core::Model model = core::load_model(models / "reverse");
  const core::ModelInput input = core::prepare_inputs(model, "3 1 4");
  core::ForwardOptions without;
  without.positional_encoding = false;
  const core::ForwardResult on = core::forward(model, input.source.ids, input.target.ids);
  const core::ForwardResult off = core::forward(model, input.source.ids, input.target.ids, without);
  ASSERT_EQ(d.shape,
            (std::vector<long>{4, static_cast<long>(input.source.size()), static_cast<long>(input.source.size())}));
  EXPECT_EQ(d.at(2, 1, 0), on.trace.encoder_self[0].heads[2](1, 0) - off.trace.encoder_self[0].heads[2](1, 0));
  std::filesystem::remove_all(folder);

  const nlohmann::json early = run_json("diff --model " + reverse + " --text '3 1 4' --compare-model " +
                                        quoted((models / "reverse-checkpoints/step-000100").string()));
  EXPECT_EQ(early["compare"], "checkpoints");
  EXPECT_EQ(early["source"]["a_tokens"], early["source"]["b_tokens"]);
  EXPECT_GT(early["layers"][0]["largest"].get<double>(), 0.0);
}

TEST(CliDiff, BadComparisonsGetAMessage) {
  const std::string reverse = "diff --model " + quoted((models / "reverse").string()) + " --text '3 1 4'";
  expect_error(reverse, 2, "diff needs exactly one of --edit, --compare-text, --compare-model and --compare-pe");
  expect_error(reverse + " --compare-pe --edit delete:0", 2, "diff needs exactly one of");
  expect_error(reverse + " --edit drop:0", 2, "--edit: \"drop:0\" is not mask:N, delete:N or replace:N=TEXT");
  expect_error(reverse + " --compare-model " + quoted((models / "translate-en-zh").string()), 1,
               "d_model differs: 64 in");
  expect_error(reverse + " --edit 'replace:1=zebra'", 1, "the vocabulary has no token for");
  expect_error(reverse + " --edit delete:9", 1, "cannot delete token 9: the input has");
  expect_error(reverse + " --compare-pe --format npy", 2, "--format npy needs --out-dir DIR");
}

// Encoder self-attention of method over ids (forward: heads switched off, say), every layer and head in order, each matrix read over
// tokens as reading says and cut to its rows' top-p keys when top_p > 0: one pass as dump reads it.
std::vector<core::RowMatrix> read_pass(const core::Model& model, const core::Tokenization& tokens,
                                       core::AttentionMethod method, const core::ReadingOptions& reading, double top_p,
                                       const core::ForwardOptions& forward = {}) {
  const core::MethodResult computed = core::compute_attention_method(model, tokens.ids, {}, method, forward);
  const core::ReadingAxis axis = core::reading_axis(tokens.tokens, reading);
  std::vector<core::RowMatrix> matrices;
  for (const core::LayerAttention& layer : computed.trace.encoder_self) {
    for (const core::RowMatrix& head : layer.heads) {
      core::RowMatrix read = core::read_matrix(head, axis, axis);
      matrices.push_back(top_p > 0.0 ? core::top_p_filter(read, top_p) : read);
    }
  }
  return matrices;
}

// --method and the reading flags read both passes alike before the subtraction (as dump reads
// one): norm-based attention with the special tokens hidden and top-p 0.9, every head equal to
// B − A of the two read passes computed here, rows and columns the entries both keep.
TEST(CliDiff, BothPassesAreReadWithTheMethodAndTheReading) {
  const nlohmann::json out = run_json("diff --model " + quoted(bert.string()) +
                                      " --text 'the quick cat' --edit 'replace:2=cat' --method norm --hide-special "
                                      "--top-p 0.9");
  EXPECT_EQ(out["read"], nlohmann::json::parse(R"({"method": "norm", "words": false, "hide_special": true,
                                                   "hide_tokens": [], "top_p": 0.9})"));
  const core::Model model = core::load_model(bert);
  const core::Tokenization a = model.source_tokenizer().encode("the quick cat");
  const core::Tokenization b = model.source_tokenizer().encode("the cat cat");  // token 2 replaced, one for one
  ASSERT_EQ(a.size(), b.size());
  core::ReadingOptions reading;
  reading.hide_special = true;
  const std::vector<core::RowMatrix> before = read_pass(model, a, core::AttentionMethod::Norm, reading, 0.9);
  const std::vector<core::RowMatrix> after = read_pass(model, b, core::AttentionMethod::Norm, reading, 0.9);
  const std::size_t heads = static_cast<std::size_t>(model.spec().heads());
  ASSERT_EQ(out["layers"].size() * heads, before.size());
  for (std::size_t l = 0; l < out["layers"].size(); ++l) {
    const nlohmann::json& layer = out["layers"][l];
    // [CLS] and [SEP] hidden: three entries, counted among the entries
    EXPECT_EQ(layer["query_labels"], (nlohmann::json{"0:the", "1:quick→cat", "2:cat"}));
    EXPECT_EQ(layer["key_labels"], layer["query_labels"]);
    for (std::size_t h = 0; h < heads; ++h) {
      const core::RowMatrix want = after[l * heads + h] - before[l * heads + h];
      ASSERT_EQ(want.rows(), 3);
      for (Eigen::Index i = 0; i < want.rows(); ++i) {
        for (Eigen::Index j = 0; j < want.cols(); ++j) {
          EXPECT_NEAR(layer["heads"][h][i][j].get<float>(), want(i, j), 1e-6f) << "layer " << l << " head " << h;
        }
      }
    }
  }
  // the token alignment stays the tokens'
  EXPECT_EQ(out["source"]["labels"], (nlohmann::json{"0:[CLS]", "1:the", "2:quick→cat", "3:cat", "4:[SEP]"}));
  // a masked token is a special token: hidden in B, its entry in A has no partner and drops out
  const nlohmann::json masked = run_json("diff --model " + quoted(bert.string()) +
                                         " --text 'the quick cat' --edit mask:2 --hide-special");
  EXPECT_EQ(masked["layers"][0]["query_labels"], (nlohmann::json{"0:the", "2→1:cat"}));
  // rollout: one matrix per layer
  const nlohmann::json rollout = run_json("diff --model " + quoted(bert.string()) +
                                          " --text 'the quick cat' --edit 'replace:2=cat' --method rollout");
  EXPECT_EQ(rollout["read"]["method"], "rollout");
  EXPECT_EQ(rollout["layers"][0]["heads"].size(), 1u);
  const std::string diff = "diff --model " + quoted(bert.string()) + " --text 'the quick cat' --edit mask:2";
  expect_error(diff + " --method magic", 2, "--method takes raw|norm|value-zeroing|rollout|flow, not \"magic\"");
  expect_error(diff + " --top-p 2", 2, "--top-p takes a share p with 0 < p ≤ 1, not \"2\"");
  expect_error(diff + " --hide-token zebra", 1, "zebra");
}

// ablate reads both passes as diff does: every head's largest change is max |B − A| of the two passes
// read here (norm-based, special tokens hidden, top-p 0.9), B with the heads off.
TEST(CliAblate, BothPassesAreReadWithTheMethodAndTheReading) {
  const std::string ablate = "ablate --model " + quoted(bert.string()) + " --text 'the quick cat' --heads 0.0,0.1";
  const nlohmann::json out = run_json(ablate + " --method norm --hide-special --top-p 0.9 --format json");
  EXPECT_EQ(out["read"], nlohmann::json::parse(R"({"method": "norm", "words": false, "hide_special": true,
                                                   "hide_tokens": [], "top_p": 0.9})"));
  const core::Model model = core::load_model(bert);
  const core::Tokenization tokens = model.source_tokenizer().encode("the quick cat");
  core::ReadingOptions reading;
  reading.hide_special = true;
  core::ForwardOptions off;
  off.ablated_heads = {{core::AttentionKind::EncoderSelf, 0, 0}, {core::AttentionKind::EncoderSelf, 0, 1}};
  const std::vector<core::RowMatrix> before = read_pass(model, tokens, core::AttentionMethod::Norm, reading, 0.9);
  const std::vector<core::RowMatrix> after = read_pass(model, tokens, core::AttentionMethod::Norm, reading, 0.9, off);
  const std::size_t heads = static_cast<std::size_t>(model.spec().heads());
  ASSERT_EQ(out["attention_change"].size() * heads, before.size());
  for (std::size_t l = 0; l < out["attention_change"].size(); ++l) {
    const nlohmann::json& layer = out["attention_change"][l];
    float layer_largest = 0.0f;
    for (std::size_t h = 0; h < heads; ++h) {
      const core::RowMatrix change = after[l * heads + h] - before[l * heads + h];
      ASSERT_EQ(change.rows(), 3);  // [CLS] and [SEP] hidden
      const float largest = change.cwiseAbs().maxCoeff();
      EXPECT_NEAR(layer["heads"][h].get<float>(), largest, 1e-6f) << "layer " << l << " head " << h;
      layer_largest = std::max(layer_largest, largest);
    }
    EXPECT_NEAR(layer["largest"].get<float>(), layer_largest, 1e-6f) << "layer " << l;
  }
  // norm-based attention of layer 0 reads its own α̂ and values: the heads' switch acts after it
  EXPECT_EQ(out["attention_change"][0]["largest"].get<double>(), 0.0);
  EXPECT_GT(out["attention_change"][1]["largest"].get<double>(), 0.0);

  const CommandResult table = run_cli(ablate + " --method rollout --words");
  EXPECT_EQ(table.status, 0) << table.all();
  EXPECT_THAT(table.output, HasSubstr("read: rollout, words\n"));
  EXPECT_THAT(table.output, HasSubstr("largest |change of attention| per layer, as read:"));
  expect_error(ablate + " --method magic", 2, "--method takes raw|norm|value-zeroing|rollout|flow, not \"magic\"");
  expect_error(ablate + " --top-p 0", 2, "--top-p takes a share p with 0 < p ≤ 1, not \"0\"");
  expect_error(ablate + " --hide-token zebra", 1, "zebra");
}

// --text-pair: both passes read text A and text B as BERT's pair (token type 1 for B), and
// --pair-filter BA compares only B's queries over A's keys, as the Heads tab's ablation does.
TEST(CliAblate, ATextPairIsReadWithItsTokenTypesAndFilter) {
  const std::string ablate = "ablate --model " + quoted(bert.string()) +
                             " --text 'the cat sat' --text-pair 'it was happy' --heads 0.1 --format json";
  const nlohmann::json out = run_json(ablate + " --pair-filter BA");
  EXPECT_EQ(out["read"]["pair_filter"], "BA");
  // the same two passes here: the pair's tokens and token types, heads 0.1 off in B
  const core::Model model = core::load_model(bert);
  core::ForwardOptions options;
  options.attention = core::AttentionStorage::Dense;
  const core::ModelInput input = core::prepare_pair_inputs(model, "the cat sat", "it was happy", "", options);
  options.token_types = core::token_types_for(model, input.source);
  ASSERT_EQ(std::count(options.token_types.begin(), options.token_types.end(), 1),
            std::count(input.source.sequence_ids.begin(), input.source.sequence_ids.end(), 1) + 1);  // B and its [SEP]
  core::ComparedPass all{&model, input.source, input.target, options};
  core::ComparedPass off = all;
  off.options.ablated_heads = {{core::AttentionKind::EncoderSelf, 0, 1}};
  core::ComparisonReading reading;
  reading.reading.query_segment = 1;
  reading.reading.key_segment = 0;
  const core::Comparison want = core::compare_passes(all, off, core::identity_alignment(input.source.size(), input.source.size()),
                                                     core::identity_alignment(0, 0), 5, reading);
  ASSERT_TRUE(want.prediction.has_value());
  EXPECT_DOUBLE_EQ(out["prediction"]["kl_divergence"].get<double>(), want.prediction->kl_divergence);
  ASSERT_EQ(out["attention_change"].size(), want.difference.layers.size());
  for (std::size_t l = 0; l < want.difference.layers.size(); ++l) {
    EXPECT_FLOAT_EQ(out["attention_change"][l]["largest"].get<float>(), want.difference.layers[l].largest) << l;
  }
  // without the token types (every token type 0) the prediction is another one
  core::ForwardOptions untyped = all.options;
  untyped.token_types.clear();
  core::ComparedPass all_untyped{&model, input.source, input.target, untyped};
  core::ComparedPass off_untyped = all_untyped;
  off_untyped.options.ablated_heads = off.options.ablated_heads;
  const core::Comparison as_one_text = core::compare_passes(
      all_untyped, off_untyped, core::identity_alignment(input.source.size(), input.source.size()),
      core::identity_alignment(0, 0), 5, reading);
  EXPECT_NE(as_one_text.prediction->kl_divergence, want.prediction->kl_divergence);
  const CommandResult table = run_cli("ablate --model " + quoted(bert.string()) +
                                      " --text 'the cat sat' --text-pair 'it was happy' --heads 0.1 --pair-filter AB");
  EXPECT_EQ(table.status, 0) << table.all();
  EXPECT_THAT(table.output, HasSubstr("read: raw, pair AB\n"));
  expect_error("ablate --model " + quoted(bert.string()) + " --text 'the cat' --heads 0.1 --pair-filter AB", 2,
               "--pair-filter goes with --text-pair");
  expect_error("ablate --model " + quoted((models / "reverse").string()) + " --text '3 1' --text-pair '4 1' --heads 0.1", 1,
               "this model's tokenizer has no template for a text pair; give one text");
}

// diff --text-pair: A and the edited B are BERT's pair, each with its token types (a masked token
// keeps its type), read with the A/B filter before they are subtracted.
TEST(CliDiff, ATextPairIsReadWithItsTokenTypesAndFilter) {
  const std::string diff = "diff --model " + quoted(bert.string()) + " --text 'the cat sat' --text-pair 'it was happy'";
  const nlohmann::json out = run_json(diff + " --edit mask:2 --pair-filter BA");
  EXPECT_EQ(out["read"]["pair_filter"], "BA");
  const core::Model model = core::load_model(bert);
  core::ForwardOptions options;
  options.attention = core::AttentionStorage::Dense;
  const core::ModelInput input = core::prepare_pair_inputs(model, "the cat sat", "it was happy", "", options);
  core::InputEdits edits;
  edits.source.push_back({core::TokenEditKind::Mask, 2, {}});
  const core::EditedInput edited = core::prepare_edited_inputs(model, "the cat sat", "it was happy", "", edits, options);
  core::ComparedPass a{&model, input.source, input.target, options};
  a.options.token_types = core::token_types_for(model, input.source);
  core::ComparedPass b{&model, edited.input.source, edited.input.target, options};
  b.options.token_types = core::token_types_for(model, edited.input.source);
  ASSERT_EQ(a.options.token_types, b.options.token_types);  // a mask keeps every token's type
  core::ComparisonReading reading;
  reading.reading.query_segment = 1;
  reading.reading.key_segment = 0;
  const core::Comparison want = core::compare_passes(a, b, core::alignment_from_origin(edited.source_origin),
                                                     core::identity_alignment(0, 0), 5, reading);
  ASSERT_TRUE(want.prediction.has_value());
  EXPECT_DOUBLE_EQ(out["prediction"]["kl_divergence"].get<double>(), want.prediction->kl_divergence);
  ASSERT_EQ(out["layers"].size(), want.difference.layers.size());
  for (std::size_t l = 0; l < want.difference.layers.size(); ++l) {
    EXPECT_FLOAT_EQ(out["layers"][l]["largest"].get<float>(), want.difference.layers[l].largest) << l;
  }
  // the other modes that keep one token list take the pair too; a second sentence must be a pair as well
  EXPECT_EQ(run_cli(diff + " --compare-pe --pair-filter AB --format csv").status, 0);
  expect_error("diff --model " + quoted(bert.string()) + " --text 'the cat' --compare-pe --pair-filter AB", 2,
               "--pair-filter goes with --text-pair");
  expect_error(diff + " --compare-text 'a dog'", 2,
               "--text-pair with --compare-text needs --compare-text-pair: a sentence pair is compared with another "
               "pair, text A with text A and text B with text B");
  expect_error("diff --model " + quoted(bert.string()) + " --text 'the cat' --compare-text 'a dog' --compare-text-pair 'b'",
               2, "--compare-text-pair needs --text-pair");
  expect_error(diff + " --compare-pe --compare-text-pair 'b'", 2, "--compare-text-pair goes with --compare-text");
}

// Two sentence pairs (--text-pair and --compare-text-pair): each pass has its own token types, and
// the tokens are aligned text by text (core::align, as two single sentences are), so "is a", which
// moves from text A to text B, has no cell (the tokens alone would match it, a longer common run
// than the [SEP] between the texts); the numbers are the core's comparison of the two pairs, read
// with the pair filter.
TEST(CliDiff, TwoSentencePairsAreAlignedTextByText) {
  const std::string diff = "diff --model " + quoted(bert.string()) +
                           " --text 'the cat is a' --text-pair 'dog was it' --compare-text 'the cat'"
                           " --compare-text-pair 'is a dog was it'";
  const nlohmann::json out = run_json(diff + " --pair-filter BA");
  EXPECT_EQ(out["compare"], "sentences");
  EXPECT_EQ(out["source"]["a_tokens"],
            (nlohmann::json{"[CLS]", "the", "cat", "is", "a", "[SEP]", "dog", "was", "it", "[SEP]"}));
  EXPECT_EQ(out["source"]["b_tokens"],
            (nlohmann::json{"[CLS]", "the", "cat", "[SEP]", "is", "a", "dog", "was", "it", "[SEP]"}));
  // [CLS] the cat | [SEP] | dog was it | [SEP]
  EXPECT_EQ(out["source"]["a_positions"], (nlohmann::json{0, 1, 2, 5, 6, 7, 8, 9}));
  EXPECT_EQ(out["source"]["b_positions"], (nlohmann::json{0, 1, 2, 3, 6, 7, 8, 9}));
  EXPECT_EQ(out["source"]["labels"],
            (nlohmann::json{"0:[CLS]", "1:the", "2:cat", "5→3:[SEP]", "6:dog", "7:was", "8:it", "9:[SEP]"}));

  const core::Model model = core::load_model(bert);
  core::ForwardOptions options;
  options.attention = core::AttentionStorage::Dense;
  const core::ModelInput first = core::prepare_pair_inputs(model, "the cat is a", "dog was it", "", options);
  const core::ModelInput second = core::prepare_pair_inputs(model, "the cat", "is a dog was it", "", options);
  core::ComparedPass a{&model, first.source, first.target, options};
  a.options.token_types = core::token_types_for(model, first.source);
  core::ComparedPass b{&model, second.source, second.target, options};
  b.options.token_types = core::token_types_for(model, second.source);
  EXPECT_NE(a.options.token_types, b.options.token_types) << "text B starts at another position";
  core::ComparisonReading reading;
  reading.reading.query_segment = 1;
  reading.reading.key_segment = 0;
  const core::Comparison want =
      core::compare_passes(a, b, core::align(a.source, b.source), core::identity_alignment(0, 0), 5, reading);
  ASSERT_TRUE(want.prediction.has_value());
  EXPECT_DOUBLE_EQ(out["prediction"]["kl_divergence"].get<double>(), want.prediction->kl_divergence);
  ASSERT_EQ(out["layers"].size(), want.difference.layers.size());
  for (std::size_t l = 0; l < want.difference.layers.size(); ++l) {
    EXPECT_FLOAT_EQ(out["layers"][l]["largest"].get<float>(), want.difference.layers[l].largest) << l;
    // B → A, labels counting each text's entries: the queries of text B both keep, the keys of text A
    EXPECT_EQ(out["layers"][l]["query_labels"], (nlohmann::json{"0→2:dog", "1→3:was", "2→4:it"}));
    EXPECT_EQ(out["layers"][l]["key_labels"], (nlohmann::json{"0:the", "1:cat"}));
  }
}

// --edit is repeatable, positions in the tokens as typed (docs/cli.md): B is the text with every
// edit made, and the document lists them.
TEST(CliDiff, SeveralEditsInOneRun) {
  const nlohmann::json out = run_json("diff --model " + quoted(bert.string()) +
                                      " --text 'the quick cat' --edit mask:2 --edit delete:1");
  EXPECT_EQ(out["compare"], "edit");
  EXPECT_EQ(out["b"], "mask token 2, delete token 1");
  EXPECT_EQ(out["source"]["b_tokens"], (nlohmann::json{"[CLS]", "[MASK]", "cat", "[SEP]"}));
  EXPECT_EQ(out["source"]["a_positions"], (nlohmann::json{0, 2, 3, 4}));
  EXPECT_EQ(out["edits"], nlohmann::json::parse(R"([{"side":"source","kind":"mask","position":2},
                                                   {"side":"source","kind":"delete","position":1}])"));
  expect_error("diff --model " + quoted(bert.string()) + " --text 'the quick cat' --edit mask:2 --edit mask:9", 1,
               "cannot mask token 9: the input has 5 tokens (positions 0 to 4)");
  expect_error("diff --model " + quoted(bert.string()) + " --text 'the quick cat' --edit delete:1 --edit mask:1", 1,
               "cannot mask token 1 \"the\": an earlier edit deleted it or replaced it with several tokens");
}

// dump --edit: the matrices of the edited ids, the same as dumping those ids directly.
TEST(CliDump, EditsAreTheIdsTheMatricesAreComputedFrom) {
  const nlohmann::json edited = run_json("dump --model " + quoted(bert.string()) +
                                         " --text 'the quick cat' --edit mask:2 --edit 'replace:3=big'");
  EXPECT_EQ(edited["source_tokens"], (nlohmann::json{"[CLS]", "the", "[MASK]", "b", "##i", "##g", "[SEP]"}));
  EXPECT_EQ(edited["source_typed_tokens"], (nlohmann::json{"[CLS]", "the", "quick", "cat", "[SEP]"}));
  EXPECT_EQ(edited["edits"].size(), 2u);
  EXPECT_EQ(edited["edits"][1]["replacement"], "big");
  std::string ids;
  for (const nlohmann::json& id : edited["source_ids"]) ids += (ids.empty() ? "" : ",") + std::to_string(id.get<int>());
  const nlohmann::json direct = run_json("dump --model " + quoted(bert.string()) + " --source-ids " + ids);
  EXPECT_EQ(edited["attention"], direct["attention"]);
  // bad edits: a message naming the token, the side or the form
  const std::string dump = "dump --model " + quoted(bert.string()) + " --text 'the quick cat'";
  expect_error(dump + " --edit 'replace:3=€'", 1,
               "cannot replace token 3 \"cat\" with \"€\": the vocabulary has no token for it");
  expect_error(dump + " --edit delete:7", 1, "cannot delete token 7: the input has 5 tokens");
  expect_error(dump + " --edit mask:2 --edit-side target", 2, "--edit-side target: the model has no decoder");
  expect_error(dump + " --edit-side source", 2, "--edit-side goes with --edit");
  expect_error(dump + " --edit swap:1", 2, "--edit: \"swap:1\" is not mask:N, delete:N or replace:N=TEXT");
}

}  // namespace
