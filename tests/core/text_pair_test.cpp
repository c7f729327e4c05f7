// Sentence pairs (docs/reading.md): text A + text B laid out as each family's HuggingFace tokenizer
// does it, checked against tests/data/pairs/pairs.json (made by tests/fixtures/make_pair_fixtures.py
// with transformers' own slow tokenizers and BertModel), BERT's token type 1 reaching the model,
// the A/B filter, and every bad input's message.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/reading/read_trace.h"
#include "families/load_model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "model/transformer.h"
#include "tensor/errors.h"
#include "text/text_pair.h"
#include "text/tokenizer_loader.h"

namespace {

const std::filesystem::path data_dir = ATTNSCOPE_TEST_DATA;

const nlohmann::json& pairs() {
  static const nlohmann::json document = [] {
    std::ifstream file(data_dir / "pairs" / "pairs.json");
    return nlohmann::json::parse(file);
  }();
  return document;
}

std::string message_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const core::InputError& error) {
    return error.what();
  }
  return "(no error)";
}

class PairTemplates : public testing::TestWithParam<int> {};

TEST_P(PairTemplates, MatchHuggingFace) {
  const nlohmann::json& want = pairs()["cases"][static_cast<std::size_t>(GetParam())];
  const core::Model model = core::load_model(data_dir / want["folder"].get<std::string>());
  const core::Tokenization got =
      core::tokenize_pair(model, pairs()["text_a"].get<std::string>(), pairs()["text_b"].get<std::string>());
  EXPECT_EQ(got.ids, want["ids"].get<std::vector<int>>());
  EXPECT_EQ(got.tokens, want["tokens"].get<std::vector<std::string>>());
  EXPECT_EQ(got.sequence_ids, want["sequence_ids"].get<std::vector<int>>());
  if (want.contains("type_ids")) {
    EXPECT_EQ(got.type_ids, want["type_ids"].get<std::vector<int>>());
  }
}

INSTANTIATE_TEST_SUITE_P(Families, PairTemplates, testing::Range(0, 8), [](const testing::TestParamInfo<int>& info) {
  std::string name = pairs()["cases"][static_cast<std::size_t>(info.param)]["tokenizer"].get<std::string>();
  return name;
});

TEST(TextPair, BertReadsTokenTypeOneForTextB) {
  const nlohmann::json& want = pairs()["cases"][0];
  ASSERT_EQ(want["tokenizer"], "BertTokenizer");
  const core::Model model = core::load_model(data_dir / want["folder"].get<std::string>());
  const core::ModelInput input = core::prepare_pair_inputs(model, pairs()["text_a"].get<std::string>(),
                                                           pairs()["text_b"].get<std::string>());
  core::ForwardOptions options;
  options.token_types = core::token_types_for(model, input.source);
  ASSERT_EQ(options.token_types, want["type_ids"].get<std::vector<int>>());
  const core::ForwardResult pair = core::forward(model, input.source.ids, {}, options);
  const auto& heads = want["attention_layer0"];
  double worst = 0.0;
  for (std::size_t h = 0; h < heads.size(); ++h) {
    const core::RowMatrix got = pair.trace.attention(core::AttentionKind::EncoderSelf, 0, static_cast<int>(h));
    for (Eigen::Index i = 0; i < got.rows(); ++i) {
      for (Eigen::Index j = 0; j < got.cols(); ++j) {
        worst = std::max(worst, std::abs(got(i, j) - heads[h][i][j].get<double>()));
      }
    }
  }
  EXPECT_LT(worst, 1e-5);
  // without the types (every token type 0) the attention differs: the types reach the model
  const core::ForwardResult untyped = core::forward(model, input.source.ids, {});
  const core::RowMatrix a = untyped.trace.attention(core::AttentionKind::EncoderSelf, 0, 0);
  EXPECT_GT((a - pair.trace.attention(core::AttentionKind::EncoderSelf, 0, 0)).cwiseAbs().maxCoeff(), 1e-4);
}

TEST(TextPair, TokenizerJsonPairTemplates) {
  // BertProcessing: the same pair as the slow BertTokenizer
  const auto bert = core::load_tokenizer_json(data_dir / "tokenizer-json/bert-tiny-short");
  const core::Tokenization got = core::encode_pair(*bert, pairs()["text_a"].get<std::string>(),
                                                   pairs()["text_b"].get<std::string>());
  EXPECT_EQ(got.ids, pairs()["cases"][0]["ids"].get<std::vector<int>>());
  EXPECT_EQ(got.type_ids, pairs()["cases"][0]["type_ids"].get<std::vector<int>>());
  // TemplateProcessing's "pair" as written: <s> $A <s>:1 $B:1 (Mistral)
  const auto mistral = core::load_tokenizer_json(data_dir / "tokenizers/mistral");
  const core::Tokenization m = core::encode_pair(*mistral, "Hello", "world");
  ASSERT_GE(m.size(), 4u);
  EXPECT_EQ(m.tokens.front(), "<s>");
  EXPECT_EQ(m.sequence_ids.front(), -1);
  const auto second = std::find(m.tokens.begin() + 1, m.tokens.end(), "<s>");
  ASSERT_NE(second, m.tokens.end());
  const std::size_t b = static_cast<std::size_t>(second - m.tokens.begin());
  EXPECT_EQ(m.type_ids[b], 1);
  EXPECT_EQ(m.sequence_ids[b + 1], 1);
  EXPECT_EQ(m.type_ids.back(), 1);
  // ByteLevel only: A then B, nothing between
  const auto gpt2 = core::load_tokenizer_json(data_dir / "tokenizers/gpt2");
  const core::Tokenization g = core::encode_pair(*gpt2, "Hello", " world");
  EXPECT_EQ(g.tokens, (std::vector<std::string>{"Hello", "Ġworld"}));
  EXPECT_EQ(g.sequence_ids, (std::vector<int>{0, 1}));
}

TEST(TextPair, BadInputIsNamed) {
  const core::Model bert = core::load_model(data_dir / "peer/bert-tiny-short");
  EXPECT_EQ(message_of([&] { core::tokenize_pair(bert, "", "It was."); }), "text A of the pair is empty");
  EXPECT_EQ(message_of([&] { core::tokenize_pair(bert, "The cat.", "  "); }), "text B of the pair is empty");
  std::string long_text;
  for (int i = 0; i < 1000; ++i) long_text += "a ";
  EXPECT_NE(message_of([&] { core::tokenize_pair(bert, long_text, "x"); }).find("the text pair has"), std::string::npos);
  // Marian's tokenizer has no pair template
  const core::Model marian = core::load_model(data_dir / "peer/marian-tiny-short");
  EXPECT_EQ(message_of([&] { core::tokenize_pair(marian, "a", "b"); }),
            "this model's tokenizer has no template for a text pair; give one text");
  // token types the model cannot read: RoBERTa has one type, and the count must match the tokens
  const core::Model roberta = core::load_model(data_dir / "peer/roberta-tiny-short");
  const core::Tokenization tokens = core::tokenize_pair(roberta, "a", "b");
  EXPECT_TRUE(core::token_types_for(roberta, tokens).empty());
  core::ForwardOptions options;
  options.token_types.assign(tokens.size(), 0);
  options.token_types.back() = 1;
  EXPECT_NE(message_of([&] { core::forward(roberta, tokens.ids, {}, options); }).find("token type 1 at position"),
            std::string::npos);
  options.token_types = {0};
  EXPECT_NE(message_of([&] { core::forward(roberta, tokens.ids, {}, options); }).find("the token types are 1 for"),
            std::string::npos);
}

TEST(TextPair, FilterShowsOneTextsQueriesAndTheOthersKeys) {
  const core::Model bert = core::load_model(data_dir / "peer/bert-tiny-short");
  const core::ModelInput input = core::prepare_pair_inputs(bert, "the cat sat", "it was happy");
  core::ForwardOptions options;
  options.token_types = core::token_types_for(bert, input.source);
  const core::ForwardResult result = core::forward(bert, input.source.ids, {}, options);
  core::ReadingOptions reading;
  reading.query_segment = 0;
  reading.key_segment = 1;
  const core::ReadTrace read = core::read_trace(result.trace, input.source, {}, reading);
  std::vector<int> a;
  std::vector<int> b;
  for (std::size_t t = 0; t < input.source.size(); ++t) {
    if (input.source.sequence_ids[t] == 0) a.push_back(static_cast<int>(t));
    if (input.source.sequence_ids[t] == 1) b.push_back(static_cast<int>(t));
  }
  ASSERT_EQ(read.source_queries.size(), static_cast<int>(a.size()));
  ASSERT_EQ(read.source_keys.size(), static_cast<int>(b.size()));
  // the A → B block of α̂ itself, not rescaled
  const core::RowMatrix full = result.trace.attention(core::AttentionKind::EncoderSelf, 1, 1);
  const core::RowMatrix block = read.trace.attention(core::AttentionKind::EncoderSelf, 1, 1);
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < b.size(); ++j) EXPECT_FLOAT_EQ(block(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), full(a[i], b[j]));
  }
  // a filter needs a pair
  const core::ModelInput single = core::prepare_inputs(bert, "the cat sat");
  EXPECT_EQ(message_of([&] { core::read_trace(result.trace, single.source, {}, reading); }),
            "the A/B filter needs a text pair (text A and text B)");
}

}  // namespace
