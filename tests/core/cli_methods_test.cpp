// attnscope-cli dump --method and attnscope-cli lens: the command line gives what the core
// methods compute (docs/methods.md), in dump's JSON and .npy layouts, and bad requests get a
// message naming what is wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "analysis/methods/attention_method.h"
#include "analysis/methods/logit_lens.h"
#include "cli_runner.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "npy_reader.h"
#include "random_model.h"

namespace {

using test::CommandResult;
using test::run_cli;
using ::testing::HasSubstr;
const auto quoted = test::shell_quoted;

const std::filesystem::path peer_cases = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "peer";
const std::filesystem::path marian_folder = peer_cases / "marian-tiny-short";
const std::string marian_input = " --text 'The quick brown fox' --target 'Le renard'";
const std::string marian = "dump --model " + quoted(marian_folder.string()) + marian_input;

nlohmann::json run_json(const std::string& arguments) {
  const CommandResult result = run_cli(arguments);
  EXPECT_EQ(result.status, 0) << result.all();
  return nlohmann::json::parse(result.output);
}

void expect_usage_error(const std::string& arguments, const std::string& message) {
  const CommandResult result = run_cli(arguments);
  EXPECT_EQ(result.status, 2) << arguments;
  EXPECT_THAT(result.errors, HasSubstr(message)) << arguments;
}

// The JSON [layer][head][query][key] of one kind against the core's matrices.
void expect_layers_equal(const nlohmann::json& got, const std::vector<core::LayerAttention>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t l = 0; l < want.size(); ++l) {
    ASSERT_EQ(got[l].size(), want[l].heads.size()) << what << " layer " << l;
    for (std::size_t h = 0; h < want[l].heads.size(); ++h) {
      const core::RowMatrix& m = want[l].heads[h];
      ASSERT_EQ(got[l][h].size(), static_cast<std::size_t>(m.rows()));
      for (Eigen::Index i = 0; i < m.rows(); ++i) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) {
          ASSERT_FLOAT_EQ(got[l][h][i][j].get<float>(), m(i, j)) << what << " layer " << l << " head " << h << " (" << i << ", " << j << ")";
        }
      }
    }
  }
}

class CliDumpMethod : public ::testing::TestWithParam<core::AttentionMethod> {};

TEST_P(CliDumpMethod, JsonHoldsTheCoreMethodsMatricesAndNamesTheMethod) {
  const core::AttentionMethod method = GetParam();
  const nlohmann::json dump = run_json(marian + " --method " + core::to_string(method));
  EXPECT_EQ(dump["method"], core::to_string(method));
  EXPECT_EQ(dump["matrices"], core::is_per_head(method) ? "per_head" : "per_layer");

  const core::Model model = core::load_model(marian_folder);
  const core::ModelInput input = core::prepare_inputs(model, "The quick brown fox", "Le renard");
  const core::MethodResult want = core::compute_attention_method(model, input.source.ids, input.target.ids, method);
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    if (!core::method_covers(method, kind)) {
      EXPECT_FALSE(dump["attention"].contains(core::to_string(kind))) << "rollout and flow have no cross-attention";
      continue;
    }
    expect_layers_equal(dump["attention"][core::to_string(kind)], want.trace.layers(kind), core::to_string(kind));
    if (method == core::AttentionMethod::Norm) {
      expect_layers_equal(dump["attention_summed"][core::to_string(kind)], want.summed.layers(kind),
                          std::string("summed ") + core::to_string(kind));
    }
  }
  EXPECT_EQ(dump.contains("attention_summed"), method == core::AttentionMethod::Norm);
  EXPECT_TRUE(dump.contains("logits"));
}

INSTANTIATE_TEST_SUITE_P(Methods, CliDumpMethod,
                         ::testing::Values(core::AttentionMethod::Raw, core::AttentionMethod::Norm,
                                           core::AttentionMethod::ValueZeroing, core::AttentionMethod::Rollout,
                                           core::AttentionMethod::Flow),
                         [](const ::testing::TestParamInfo<core::AttentionMethod>& info) {
                           std::string name = core::to_string(info.param);
                           std::erase(name, '-');
                           return name;
                         });

TEST(CliDumpMethods, RawIsTheDefaultAndOnlyLayersRestrictsTheMethod) {
  const nlohmann::json plain = run_json(marian);
  EXPECT_EQ(plain["method"], "raw");
  EXPECT_EQ(plain["attention"], run_json(marian + " --method raw")["attention"]);
  const nlohmann::json full = run_json(marian + " --method value-zeroing");
  const nlohmann::json part = run_json(marian + " --method value-zeroing --only-layers 1");
  for (const char* kind : {"encoder_self", "decoder_self", "decoder_cross"}) {
    ASSERT_EQ(part["attention"][kind].size(), 1u) << kind;
    EXPECT_EQ(part["attention"][kind][0], full["attention"][kind][1]) << kind;
  }
}

// An on-demand pass (a long input's kind, forced here) with a sample of queries: the output says
// which pass and which rows, the sampled rows are the dense pass's, the others 0.
TEST(CliDumpMethods, OnlyQueriesOnAnOnDemandPassGiveTheDenseRowsAndSaySo) {
  const nlohmann::json full = run_json(marian + " --method value-zeroing --attention dense");
  EXPECT_EQ(full["pass_attention"], "dense");
  EXPECT_FALSE(full.contains("method_queries"));
  const nlohmann::json part = run_json(marian + " --method value-zeroing --attention on-demand --only-queries 2,0");
  EXPECT_EQ(part["pass_attention"], "on-demand") << "value zeroing no longer forces a dense pass";
  EXPECT_EQ(part["method_queries"], nlohmann::json::array({2, 0}));
  int rows_compared = 0;
  for (const char* kind : {"encoder_self", "decoder_self", "decoder_cross"}) {
    ASSERT_EQ(part["attention"][kind].size(), full["attention"][kind].size()) << kind;
    for (std::size_t l = 0; l < full["attention"][kind].size(); ++l) {
      const nlohmann::json& want = full["attention"][kind][l][0];
      const nlohmann::json& got = part["attention"][kind][l][0];
      ASSERT_EQ(got.size(), want.size());
      for (std::size_t i = 0; i < want.size(); ++i) {
        if (i == 0 || i == 2) {
          EXPECT_EQ(got[i], want[i]) << kind << " layer " << l << " query " << i;
          ++rows_compared;
        } else {
          for (const nlohmann::json& value : got[i]) EXPECT_EQ(value.get<float>(), 0.0f) << kind << " query " << i;
        }
      }
    }
  }
  EXPECT_EQ(rows_compared, 12) << "2 queries × 2 layers × 3 kinds";
  const nlohmann::json rollout = run_json(marian + " --method rollout --attention on-demand");
  EXPECT_EQ(rollout["pass_attention"], "on-demand");
  EXPECT_EQ(rollout["attention"], run_json(marian + " --method rollout --attention dense")["attention"]);
}

TEST(CliDumpMethods, OnlyQueriesWithRawOrAQueryTheTextLacksGetAMessage) {
  expect_usage_error(marian + " --only-queries 1",
                     "--only-queries applies to --method norm, value-zeroing, rollout or flow; raw writes every row");
  const CommandResult result = run_cli(marian + " --method flow --attention on-demand --only-queries 40");
  EXPECT_NE(result.status, 0);
  EXPECT_THAT(result.errors, HasSubstr("query 40: encoder_self layer 0 has queries 0.."));
}

TEST(CliDumpMethods, NpyWritesPerLayerAndSummedFiles) {
  test::TempFolder temp;
  const std::filesystem::path norm_folder = temp.path() / "norm";
  ASSERT_EQ(run_cli(marian + " --method norm --format npy --out-dir " + quoted(norm_folder.string())).status, 0);
  const nlohmann::json norm_json = run_json(marian + " --method norm");
  std::ifstream norm_index_stream(norm_folder / "index.json");
  const nlohmann::json norm_index = nlohmann::json::parse(norm_index_stream);
  EXPECT_EQ(norm_index["method"], "norm");
  ASSERT_EQ(norm_index["files"].size(), 12u) << "2 layers × 3 kinds, per head and summed";
  const test::NpyArray summed = test::read_npy((norm_folder / "decoder_cross_layer_1_summed.npy").string());
  ASSERT_EQ(summed.shape[0], 1);
  const nlohmann::json& want = norm_json["attention_summed"]["decoder_cross"][1][0];
  ASSERT_EQ(static_cast<std::size_t>(summed.shape[1]), want.size());
  for (long q = 0; q < summed.shape[1]; ++q) {
    for (long k = 0; k < summed.shape[2]; ++k) EXPECT_FLOAT_EQ(summed.at(0, q, k), want[q][k].get<float>());
  }

  const std::filesystem::path flow_folder = temp.path() / "flow";
  ASSERT_EQ(run_cli(marian + " --method flow --format npy --out-dir " + quoted(flow_folder.string())).status, 0);
  std::ifstream flow_index_stream(flow_folder / "index.json");
  const nlohmann::json flow_index = nlohmann::json::parse(flow_index_stream);
  ASSERT_EQ(flow_index["files"].size(), 4u) << "encoder and decoder self-attention only";
  for (const nlohmann::json& file : flow_index["files"]) {
    EXPECT_NE(file["kind"], "decoder_cross");
    EXPECT_EQ(file["shape"][0], 1) << "one matrix per layer";
  }
}

TEST(CliDumpMethods, AnUnknownMethodOrHeadsOfAPerLayerMethodIsAUsageError) {
  expect_usage_error(marian + " --method attention", "--method takes raw|norm|value-zeroing|rollout|flow, not \"attention\"");
  expect_usage_error(marian + " --method value-zeroing --only-heads 1",
                     "--only-heads does not apply to --method value-zeroing: it gives one matrix per layer "
                     "(rollout and flow take it as the heads to average)");
  expect_usage_error(marian + " --method flow --only-layers 4", "--only-layers: layer 4");
}

// --only-heads with rollout and flow: the heads each layer's Â averages, named in the dump; the
// matrices equal the core's with MethodOptions::heads and differ from every head's.
TEST(CliDumpMethods, OnlyHeadsChooseTheHeadsRolloutAndFlowAverage) {
  const core::Model model = core::load_model(marian_folder);
  const core::ModelInput input = core::prepare_inputs(model, "The quick brown fox", "Le renard");
  for (const core::AttentionMethod method : {core::AttentionMethod::Rollout, core::AttentionMethod::Flow}) {
    SCOPED_TRACE(core::to_string(method));
    const nlohmann::json dump = run_json(marian + " --method " + core::to_string(method) + " --only-heads 3,1");
    EXPECT_EQ(dump["method_heads"], nlohmann::json({3, 1}));
    EXPECT_FALSE(dump.contains("attention_heads")) << "one matrix per layer is written, not heads 3 and 1";
    core::MethodOptions options;
    options.heads = {1, 3};
    const core::MethodResult want =
        core::compute_attention_method(model, input.source.ids, input.target.ids, method, {}, options);
    for (const core::AttentionKind kind : {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf}) {
      expect_layers_equal(dump["attention"][core::to_string(kind)], want.trace.layers(kind), core::to_string(kind));
    }
    const nlohmann::json every = run_json(marian + " --method " + core::to_string(method));
    EXPECT_NE(dump["attention"]["encoder_self"], every["attention"]["encoder_self"]);
  }
  expect_usage_error(marian + " --method rollout --only-heads 9", "--only-heads: head 9: ");
}

const std::filesystem::path llama_folder = std::filesystem::path(ATTNSCOPE_TEST_DATA) / "hf-cases/llama-tiny-gqa";
const std::string llama_lens = "lens --model " + quoted(llama_folder.string()) + " --text 'The keeper wrote a letter'";

TEST(CliLens, JsonGridIsTheCoreLens) {
  const nlohmann::json lens = run_json(llama_lens + " --top 3 --format json");
  const core::Model model = core::load_model(llama_folder);
  const core::ModelInput input = core::prepare_inputs(model, "The keeper wrote a letter");
  core::LensOptions options;
  options.top_k = 3;
  const core::LogitLens want = core::logit_lens(model, {}, input.target.ids, options);
  EXPECT_EQ(lens["method"], "logit-lens");
  EXPECT_EQ(lens["stack"], "decoder");
  EXPECT_EQ(lens["rows"], nlohmann::json({"embeddings", "layer 1", "layer 2"}));
  EXPECT_EQ(lens["tokens"], nlohmann::json(input.target.tokens));
  ASSERT_EQ(lens["top"].size(), 3u);
  for (std::size_t r = 0; r < 3; ++r) {
    ASSERT_EQ(lens["top"][r].size(), input.target.ids.size());
    for (std::size_t c = 0; c < input.target.ids.size(); ++c) {
      ASSERT_EQ(lens["top"][r][c].size(), 3u);
      for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_EQ(lens["top"][r][c][k]["id"], want.at(r, c)[k].id);
        EXPECT_EQ(lens["top"][r][c][k]["token"], model.target_tokenizer().token(want.at(r, c)[k].id));
        EXPECT_NEAR(lens["top"][r][c][k]["probability"].get<double>(), want.at(r, c)[k].probability, 1e-12);
      }
    }
  }
}

// --text-pair: BERT's masked-LM head read over a sentence pair, text B with token type 1, as the
// core's lens of that pass with those types.
TEST(CliLens, ATextPairIsReadWithItsTokenTypes) {
  const std::filesystem::path bert = peer_cases / "bert-tiny-short";
  const nlohmann::json lens = run_json("lens --model " + quoted(bert.string()) +
                                       " --text 'the cat sat' --text-pair 'it was happy' --top 1 --format json");
  const core::Model model = core::load_model(bert);
  const core::ModelInput input = core::prepare_pair_inputs(model, "the cat sat", "it was happy");
  core::ForwardOptions typed;
  typed.token_types = core::token_types_for(model, input.source);
  ASSERT_FALSE(typed.token_types.empty());
  core::LensOptions options;
  options.top_k = 1;
  const core::LogitLens want = core::logit_lens(model, input.source.ids, {}, options, typed);
  const core::LogitLens untyped = core::logit_lens(model, input.source.ids, {}, options);
  EXPECT_EQ(lens["tokens"], nlohmann::json(input.source.tokens));
  bool types_matter = false;
  for (std::size_t r = 0; r < want.rows.size(); ++r) {
    for (std::size_t c = 0; c < input.source.ids.size(); ++c) {
      EXPECT_EQ(lens["top"][r][c][0]["id"], want.at(r, c)[0].id) << r << ", " << c;
      EXPECT_NEAR(lens["top"][r][c][0]["probability"].get<double>(), want.at(r, c)[0].probability, 1e-12);
      types_matter = types_matter || want.at(r, c)[0].probability != untyped.at(r, c)[0].probability;
    }
  }
  EXPECT_TRUE(types_matter);  // B's token type 1 changes what the head reads
}

TEST(CliLens, TableIsTheDefaultWithOneLinePerPositionAndRow) {
  const CommandResult result = run_cli(llama_lens + " --top 2");
  ASSERT_EQ(result.status, 0) << result.all();
  const nlohmann::json lens = run_json(llama_lens + " --top 2 --format json");
  std::vector<std::string> lines;
  std::istringstream stream(result.output);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  const std::size_t positions = lens["tokens"].size();
  ASSERT_EQ(lines.size(), 2 + 3 * positions) << result.output;
  EXPECT_THAT(lines[1], HasSubstr("top 2"));
  // the last line: the last position after the last layer, its best token and probability
  const nlohmann::json& best = lens["top"][2][positions - 1][0];
  char probability[16];
  std::snprintf(probability, sizeof probability, "%.4f", best["probability"].get<double>());
  EXPECT_THAT(lines.back(), HasSubstr("layer 2"));
  EXPECT_THAT(lines.back(), HasSubstr(probability));
}

TEST(CliLens, BadRequestsGetAMessage) {
  expect_usage_error(llama_lens + " --top 0", "--top takes one number ≥ 1");
  expect_usage_error(llama_lens + " --format csv", "--format takes table or json, not \"csv\"");
  const CommandResult classifier = run_cli("lens --model " +
                                           quoted((std::filesystem::path(ATTNSCOPE_TEST_DATA) / "hf-cases/bert-tiny-seqcls").string()) +
                                           " --text 'a good film'");
  EXPECT_EQ(classifier.status, 1);
  EXPECT_THAT(classifier.errors, HasSubstr("this model has no output head over the vocabulary (sequence classification)"));
  const CommandResult no_text = run_cli("lens --model " + quoted(llama_folder.string()));
  EXPECT_EQ(no_text.status, 2);
  EXPECT_THAT(no_text.errors, HasSubstr("--text"));
}

}  // namespace
