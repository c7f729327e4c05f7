// The workshop's lesson for section 8 of the lecture (resources/lessons/section-8.json, the
// coreference example "The animal didn't cross the street because it was too tired / wide") shows
// what its captions say: every step's model, attention, layer, head and highlighted token exist
// on the bundled model, and each caption's claim holds on that step's own head and sentence,
// computed with the app's loader, tokenizer and forward pass. Changing a step's head or sentence
// without its caption (or retraining the model so the head moves) fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "classroom/lesson.h"
#include "families/load_model.h"
#include "model/generation.h"
#include "model/model.h"
#include "model/model_input.h"
#include "model/transformer.h"

namespace {

const std::filesystem::path models = ATTNSCOPE_MODELS;

core::Lesson section_eight() {
  std::ifstream in(std::filesystem::path(ATTNSCOPE_RESOURCES) / "lessons" / "section-8.json");
  std::stringstream text;
  text << in.rdbuf();
  const core::LessonFile file = core::read_lesson(text.str());
  EXPECT_EQ(file.error, "");
  return file.lesson;
}

core::AttentionKind attention_kind(const std::string& name) {
  if (name == "decoder_self") return core::AttentionKind::DecoderSelf;
  if (name == "decoder_cross") return core::AttentionKind::DecoderCross;
  return core::AttentionKind::EncoderSelf;  // the lesson's steps all name it; "" means the first kind
}

// A sentence's tokens and every encoder head's α̂: heads[layer][head] is (T, T), rows are queries.
struct EncoderAttention {
  std::vector<std::string> tokens;
  std::vector<core::LayerAttention> layers;

  int position(const std::string& word) const {
    const auto found = std::find(tokens.begin(), tokens.end(), word);
    EXPECT_NE(found, tokens.end()) << "no token '" << word << "'";
    return static_cast<int>(found - tokens.begin());
  }
  const core::RowMatrix& alpha_hat(int layer, int head) const {
    return layers.at(static_cast<std::size_t>(layer)).heads.at(static_cast<std::size_t>(head));
  }
  // α̂[query, key] of one head, named by words.
  float weight(int layer, int head, const std::string& query, const std::string& key) const {
    return alpha_hat(layer, head)(position(query), position(key));
  }
  // The key a query's row gives the most weight: the word graph's thickest line from it.
  std::string strongest_key(int layer, int head, int query) const {
    Eigen::Index key = 0;
    alpha_hat(layer, head).row(query).maxCoeff(&key);
    return tokens[static_cast<std::size_t>(key)];
  }
};

EncoderAttention encoder_attention(const core::Model& model, const std::string& text) {
  const core::Tokenization source = core::tokenize_input(model, core::InputSide::Source, text);
  core::ForwardResult result = core::forward(model, source.ids, core::generation_prefix(model));
  return {source.tokens, std::move(result.trace.layers(core::AttentionKind::EncoderSelf))};
}

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The sentence of a coreference step with its last adjective swapped ("tired" ↔ "wide").
std::string other_sentence(const std::string& text) {
  std::string other = text;
  if (const std::size_t at = other.find("tired"); at != std::string::npos) return other.replace(at, 5, "wide");
  if (const std::size_t at = other.find("wide"); at != std::string::npos) return other.replace(at, 4, "tired");
  ADD_FAILURE() << "'" << text << "' ends in neither 'tired' nor 'wide'";
  return other;
}

// Where a caption names a head, it names the step's own, counted from 1 as the window shows it.
void expect_caption_names_head(const core::LessonStep& step, int number) {
  const std::string layer = std::to_string(step.state.layer + 1);
  const std::string head = std::to_string(step.state.head + 1);
  EXPECT_NE(lowered(step.caption).find("layer " + layer + " head " + head), std::string::npos)
      << "step " << number << ": " << step.caption;
  EXPECT_NE(step.caption_zh_TW.find("第 " + layer + " 層第 " + head + " 個頭"), std::string::npos)
      << "step " << number << ": " << step.caption_zh_TW;
}

TEST(SectionEightLesson, EveryStepNamesWhatTheBundledModelHas) {
  const core::Lesson lesson = section_eight();
  ASSERT_GE(lesson.steps.size(), 6u);
  std::map<std::string, core::Model> loaded;
  for (std::size_t n = 0; n < lesson.steps.size(); ++n) {
    const core::ViewState& state = lesson.steps[n].state;
    SCOPED_TRACE("step " + std::to_string(n + 1) + " (" + state.model + ")");
    ASSERT_TRUE(std::filesystem::is_directory(models / state.model)) << "not a bundled model";
    if (!loaded.contains(state.model)) loaded.emplace(state.model, core::load_model(models / state.model));
    const core::Model& model = loaded.at(state.model);
    const core::AttentionKind kind = attention_kind(state.attention);
    EXPECT_LT(state.layer, model.spec().layers(kind));
    EXPECT_LT(state.head, model.spec().heads());
    const core::Tokenization source = core::tokenize_input(model, core::InputSide::Source, state.text);
    EXPECT_TRUE(std::none_of(source.unknown.begin(), source.unknown.end(), [](bool unknown) { return unknown; }))
        << "a word of '" << state.text << "' is not in the model's vocabulary";
    EXPECT_LT(state.focus_token, static_cast<int>(source.tokens.size()));
    // On the coreference model the highlighted query is "it", the word the lesson is about.
    if (state.model == "coreference" && state.focus_token >= 0) {
      EXPECT_EQ(source.tokens[static_cast<std::size_t>(state.focus_token)], "it");
    }
  }
}

// The steps in the file's order: 1 the word graph on translate-en-zh, 2 every head on "tired",
// 3 "tired" and 4 "wide" on the referent head, 5 its heatmap, 6 a first-layer head.
TEST(SectionEightLesson, EachCaptionHoldsOnItsHead) {
  const core::Lesson lesson = section_eight();
  ASSERT_EQ(lesson.steps.size(), 6u) << "a step was added or removed: give it its check here";
  const core::Model model = core::load_model(models / "coreference");
  const auto step = [&](int number) -> const core::LessonStep& {
    const core::LessonStep& found = lesson.steps[static_cast<std::size_t>(number - 1)];
    EXPECT_EQ(found.state.model, "coreference") << "step " << number;
    EXPECT_EQ(found.state.attention, "encoder_self") << "step " << number;
    return found;
  };

  // 2: on "tired", of every encoder head only the step's gives most of the weight of "it" to "animal".
  {
    const core::ViewState& state = step(2).state;
    EXPECT_NE(state.text.find("tired"), std::string::npos);
    expect_caption_names_head(step(2), 2);
    const EncoderAttention tired = encoder_attention(model, state.text);
    for (int layer = 0; layer < static_cast<int>(tired.layers.size()); ++layer) {
      for (int head = 0; head < model.spec().heads(); ++head) {
        const bool named = layer == state.layer && head == state.head;
        EXPECT_EQ(tired.weight(layer, head, "it", "animal") > 0.5f, named) << "layer " << layer << " head " << head;
      }
    }
  }
  // 3 and 4: the thickest line from "it" goes to the referent: "animal" when tired, "street" when wide.
  for (const auto& [number, adjective, referent] :
       {std::tuple{3, "tired", "animal"}, std::tuple{4, "wide", "street"}}) {
    const core::ViewState& state = step(number).state;
    EXPECT_NE(state.text.find(adjective), std::string::npos) << "step " << number;
    EXPECT_EQ(state.view, "graph") << "step " << number;
    const EncoderAttention sentence = encoder_attention(model, state.text);
    EXPECT_EQ(sentence.strongest_key(state.layer, state.head, state.focus_token), referent) << "step " << number;
  }
  expect_caption_names_head(step(3), 3);
  EXPECT_EQ(step(3).state.layer, step(4).state.layer) << "step 4 says it is the same head";
  EXPECT_EQ(step(3).state.head, step(4).state.head) << "step 4 says it is the same head";
  // 5: the same head's heatmap on "tired": every row is brightest in the column of "animal".
  {
    const core::ViewState& state = step(5).state;
    EXPECT_EQ(state.view, "heatmap");
    EXPECT_EQ(state.layer, step(3).state.layer);
    EXPECT_EQ(state.head, step(3).state.head);
    const EncoderAttention tired = encoder_attention(model, state.text);
    EXPECT_NE(state.text.find("tired"), std::string::npos);
    for (int query = 0; query < static_cast<int>(tired.tokens.size()); ++query) {
      EXPECT_EQ(tired.strongest_key(state.layer, state.head, query), "animal")
          << "row " << tired.tokens[static_cast<std::size_t>(query)];
    }
  }
  // 6: a head of the first layer prefers the same noun ("street") from "it" in both sentences:
  // its q of "it" and k of the nouns are made from the words and positions alone, so
  // α̂[it, animal] / α̂[it, street] = exp(α[it, animal] − α[it, street]) cannot depend on the
  // last word.
  {
    const core::ViewState& state = step(6).state;
    EXPECT_EQ(state.layer, 0) << "the caption's reason holds in the first layer only";
    expect_caption_names_head(step(6), 6);
    const EncoderAttention shown = encoder_attention(model, state.text);
    const EncoderAttention other = encoder_attention(model, other_sentence(state.text));
    for (const EncoderAttention* sentence : {&shown, &other}) {
      EXPECT_GT(sentence->weight(state.layer, state.head, "it", "street"),
                sentence->weight(state.layer, state.head, "it", "animal"));
    }
    const auto ratio = [&](const EncoderAttention& sentence) {
      return sentence.weight(state.layer, state.head, "it", "animal") /
             sentence.weight(state.layer, state.head, "it", "street");
    };
    EXPECT_NEAR(ratio(shown), ratio(other), 1e-4 * ratio(shown));
  }
}

}  // namespace
