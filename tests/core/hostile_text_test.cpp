// Hostile text through the core (tokenize_input + forward) and through `attnscope-cli dump`, for
// every model family and a native model: empty or white-space-only input, 100,000 characters,
// invalid UTF-8, emoji with joiners, right-to-left scripts, control characters, text made only
// of unknown tokens, text past the model's maximum positions. Each gives a result (truncated and
// flagged, unknown tokens marked) or a core::InputError with a clear message; never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli_runner.h"
#include "families/load_model.h"
#include "tensor/errors.h"
#include "model/model.h"
#include "model/model_input.h"
#include "model/transformer.h"

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

const std::filesystem::path test_data = ATTNSCOPE_TEST_DATA;

const std::vector<std::string> model_folders = {
    "torch/encdec-post-relu", "torch/decoder-pre-gelu-learned", "peer/bert-tiny-short",
    "peer/gpt2-tiny-short",   "peer/bart-tiny-short",           "peer/marian-tiny-short",
};

struct HostileText {
  std::string name;
  std::string text;
};

// GoogleTest would otherwise print the struct's raw bytes (a std::string's unused buffer among them).
void PrintTo(const HostileText& hostile, std::ostream* out) { *out << hostile.name; }

std::string repeat(const std::string& piece, std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += piece;
  return text;
}

std::vector<HostileText> hostile_texts() {
  return {
      {"empty", ""},
      {"whitespace", " \t\n \u00a0\u3000 "},
      {"hundred_thousand_chars", repeat("the cat sat on the mat. ", 100000 / 24 + 1).substr(0, 100000)},
      {"invalid_utf8", "a\xff\xfe\xc3(\xed\xa0\x80 b\xf4\x90\x80\x80\xc0\xaf\xe2\x82"},
      {"emoji_zwj", "\U0001F469\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 \U0001F3F3\uFE0F\u200D\U0001F308"},
      {"right_to_left",
       "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 "
       "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c"},
      {"control_chars", std::string("a\x01\x02\x1b[31m\x7f\tb\rc\x0c", 15) + std::string(1, '\0') + "d"},
      {"only_unknown", "\u16a0\u16a2 \u2603 \U00010348"},
      {"past_max_positions", repeat("hello world ", 300)},
  };
}

struct Outcome {
  bool ran = false;
  std::string error;  // the InputError message when the forward pass refused the input
};

class HostileTextTest : public ::testing::TestWithParam<std::tuple<std::string, HostileText>> {
 protected:
  static const core::Model& model(const std::string& folder) {
    static std::map<std::string, core::Model> models;
    auto found = models.find(folder);
    if (found == models.end()) found = models.emplace(folder, core::load_model(test_data / folder)).first;
    return found->second;
  }
};

// Every invariant a view relies on: parallel vectors, ids inside the table, at most max_positions
// tokens, and a truncation flag exactly when tokens were dropped.
void check_tokenization(const core::Tokenization& tokens, int vocab_size, int max_positions) {
  ASSERT_EQ(tokens.tokens.size(), tokens.ids.size());
  ASSERT_EQ(tokens.unknown.size(), tokens.ids.size());
  EXPECT_LE(tokens.size(), static_cast<std::size_t>(max_positions));
  EXPECT_EQ(tokens.truncated, tokens.untruncated_length > tokens.size());
  for (const int id : tokens.ids) {
    EXPECT_GE(id, 0);
    EXPECT_LT(id, vocab_size);
  }
}

TEST_P(HostileTextTest, GivesAResultOrAClearMessage) {
  const auto& [folder, hostile] = GetParam();
  const core::Model& m = model(folder);
  const core::ModelSpec& config = m.spec();
  core::Tokenization source;
  core::Tokenization target;
  if (config.has_encoder()) {
    source = core::tokenize_input(m, core::InputSide::Source, hostile.text);
    check_tokenization(source, config.source_vocab_size, config.max_positions);
  }
  if (config.has_decoder()) {
    target = core::tokenize_input(m, core::InputSide::Target, hostile.text);
    check_tokenization(target, config.target_vocab_size, config.max_positions);
  }
  const core::Tokenization& text_side = config.has_encoder() ? source : target;

  Outcome outcome;
  try {
    const core::ForwardResult result = core::forward(m, source.ids, target.ids);
    outcome.ran = true;
    if (config.has_encoder()) {
      EXPECT_EQ(result.trace.encoder_self.size(), static_cast<std::size_t>(config.encoder_layers()));
    }
  } catch (const core::InputError& error) {
    outcome.error = error.what();
  }

  if (hostile.name == "empty" && folder == "peer/gpt2-tiny-short") {
    // GPT-2 adds no special tokens, so nothing is left to run; the message says so.
    EXPECT_EQ(text_side.size(), 0u);
    EXPECT_EQ(outcome.error, "the target input is empty");
    return;
  }
  EXPECT_TRUE(outcome.ran) << outcome.error;
  if (hostile.name == "hundred_thousand_chars" || hostile.name == "past_max_positions") {
    EXPECT_TRUE(text_side.truncated);
    EXPECT_EQ(text_side.size(), static_cast<std::size_t>(config.max_positions));
    EXPECT_GT(text_side.untruncated_length, static_cast<std::size_t>(config.max_positions));
  } else {
    EXPECT_FALSE(text_side.truncated);
  }
}

INSTANTIATE_TEST_SUITE_P(AllFamilies, HostileTextTest,
                         ::testing::Combine(::testing::ValuesIn(model_folders), ::testing::ValuesIn(hostile_texts())),
                         [](const ::testing::TestParamInfo<HostileTextTest::ParamType>& info) {
                           std::string name = std::get<0>(info.param) + "_" + std::get<1>(info.param).name;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(HostileText, UnknownWordsAreMarkedAsUnknownTokens) {
  const core::Model native = core::load_model(test_data / "torch/encdec-post-relu");
  const core::Tokenization tokens = core::tokenize_input(native, core::InputSide::Source, "zzz qqq");
  EXPECT_EQ(tokens.tokens, (std::vector<std::string>{"<unk>", "<unk>", "</s>"}));
  EXPECT_EQ(tokens.unknown, (std::vector<bool>{true, true, false}));

  const core::Model bert = core::load_model(test_data / "peer/bert-tiny-short");
  const core::Tokenization emoji =
      core::tokenize_input(bert, core::InputSide::Source, "\U0001F469\u200D\U0001F469\u200D\U0001F467");
  EXPECT_THAT(emoji.tokens, Contains("[UNK]"));
  EXPECT_THAT(emoji.unknown, Contains(true));
}

TEST(HostileText, InvalidUtf8BecomesReplacementCharacters) {
  const core::Model native = core::load_model(test_data / "torch/encdec-post-relu");
  const core::Tokenization tokens = core::tokenize_input(native, core::InputSide::Source, "the \xff\xfe cat");
  EXPECT_EQ(tokens.tokens.front(), "the");
  EXPECT_THAT(tokens.tokens, Contains("<unk>"));
  for (const std::string& token : tokens.tokens) EXPECT_TRUE(nlohmann::json(token).dump().size() > 0);
}

// ---- the same through attnscope-cli ----

using test::CommandResult;
using test::run_cli;
const auto quoted = test::shell_quoted;

class HostileCliTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileCliTest, DumpGivesJsonANoticeOrOneErrorLine) {
  const std::string folder = (test_data / GetParam()).string();
  for (const HostileText& hostile : hostile_texts()) {
    if (hostile.text.find('\0') != std::string::npos) continue;  // argv cannot hold a NUL byte
    SCOPED_TRACE(hostile.name);
    const CommandResult result = run_cli("dump --model " + quoted(folder) + " --text " + quoted(hostile.text));
    if (hostile.name == "empty" && GetParam() == "peer/gpt2-tiny-short") {
      EXPECT_EQ(result.status, 1);
      EXPECT_EQ(result.errors, "attnscope-cli: error: the text is empty\n");
      EXPECT_EQ(result.output, "");
      continue;
    }
    ASSERT_EQ(result.status, 0) << result.errors;
    const nlohmann::json dump = nlohmann::json::parse(result.output);
    const bool long_text = hostile.name == "hundred_thousand_chars" || hostile.name == "past_max_positions";
    const std::string side = dump.contains("source_truncated") ? "source" : "target";
    EXPECT_EQ(dump[side + "_truncated"].get<bool>(), long_text);
    if (long_text) {
      // --text is the encoder's source, or a decoder-only model's input
      EXPECT_THAT(result.errors, HasSubstr(std::string("note: the ") + (side == "source" ? "source" : "input") + " text has "));
      EXPECT_THAT(result.errors, HasSubstr("(the model takes at most "));
    } else {
      EXPECT_EQ(result.errors, "");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllFamilies, HostileCliTest, ::testing::ValuesIn(model_folders),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(HostileCli, GenerateRefusesEmptyTextAndNamesAFullPrompt) {
  const std::string gpt2 = quoted((test_data / "peer/gpt2-tiny-short").string());
  const CommandResult empty = run_cli("generate --model " + gpt2 + " --text ''");
  EXPECT_EQ(empty.status, 1);
  EXPECT_EQ(empty.errors, "attnscope-cli: error: the text is empty\n");

  const CommandResult full = run_cli("generate --model " + gpt2 + " --text " + quoted(repeat("hello world ", 100)));
  EXPECT_EQ(full.status, 0) << full.errors;
  EXPECT_THAT(full.errors, HasSubstr("note: the prompt text has "));
  EXPECT_THAT(full.errors, HasSubstr("; kept the first 64 (the model takes at most 64)"));
  EXPECT_THAT(full.errors, HasSubstr("note: the prompt fills all 64 positions, so nothing is generated"));

  const CommandResult bert =
      run_cli("generate --model " + quoted((test_data / "peer/bert-tiny-short").string()) + " --text hello");
  EXPECT_EQ(bert.status, 1);
  EXPECT_EQ(bert.errors,
            "attnscope-cli: error: this model is encoder-only, so it cannot generate text; use dump to see its "
            "attention\n");
}

}  // namespace
