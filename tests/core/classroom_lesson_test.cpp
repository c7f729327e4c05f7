// Lesson and session files: they round-trip, and every kind of damage gives a message naming the
// field and the defaults, never an exception.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "classroom/lesson.h"
#include "classroom/session.h"
#include "classroom/view_state.h"

namespace {

core::Lesson two_step_lesson() {
  core::Lesson lesson;
  lesson.title = "天涯若比鄰";
  core::LessonStep first;
  first.state.model = "translate-en-zh";
  first.state.text = "the cat sat on the mat";
  first.state.view = "walkthrough";
  first.state.attention = "encoder_self";
  first.state.layer = 1;
  first.state.head = 3;
  first.state.focus_token = 2;
  first.state.page = 4;
  first.caption = "α̂_{1,i} = exp(α_{1,i}) / Σ_j exp(α_{1,j})";
  core::LessonStep second = first;
  second.state.view = "permutation";
  second.state.positional_encoding = false;
  second.state.target = "貓 坐 在 墊子 上";
  second.state.attention.clear();
  second.caption = "";
  lesson.steps = {first, second};
  return lesson;
}

TEST(Lesson, RoundTrips) {
  const core::Lesson lesson = two_step_lesson();
  const core::LessonFile file = core::read_lesson(core::write_lesson(lesson));
  EXPECT_EQ(file.error, "");
  EXPECT_EQ(file.lesson, lesson);
}

TEST(Lesson, BothLanguagesRoundTrip) {
  core::Lesson lesson = two_step_lesson();
  lesson.title = "Far apart, close by";
  lesson.title_zh_TW = "天涯若比鄰";
  lesson.steps[0].caption_zh_TW = "軟性最大值：α̂_{1,i} = exp(α_{1,i}) / Σ_j exp(α_{1,j})";
  const std::string written = core::write_lesson(lesson);
  EXPECT_NE(written.find("\"caption_zh_TW\": \"軟性最大值"), std::string::npos) << written;
  const core::LessonFile file = core::read_lesson(written);
  EXPECT_EQ(file.error, "");
  EXPECT_EQ(file.lesson, lesson);
  EXPECT_EQ(file.lesson.title_zh_TW, "天涯若比鄰");
  EXPECT_EQ(file.lesson.steps[0].caption_zh_TW, lesson.steps[0].caption_zh_TW);
}

TEST(Lesson, AnEnglishOnlyLessonIsWrittenAsBefore) {
  const std::string written = core::write_lesson(two_step_lesson());
  EXPECT_EQ(written.find("_zh_TW"), std::string::npos) << written;
}

TEST(Lesson, EachLanguageFallsBackToTheOther) {
  using core::LessonLanguage;
  core::Lesson lesson;
  lesson.title = "English title";
  core::LessonStep both;
  both.caption = "Look at the diagonal.";
  both.caption_zh_TW = "看對角線。";
  core::LessonStep english_only;
  english_only.caption = "Only English.";
  core::LessonStep chinese_only;
  chinese_only.caption_zh_TW = "只有中文。";
  EXPECT_EQ(core::lesson_caption(both, LessonLanguage::English), "Look at the diagonal.");
  EXPECT_EQ(core::lesson_caption(both, LessonLanguage::TraditionalChinese), "看對角線。");
  EXPECT_EQ(core::lesson_caption(english_only, LessonLanguage::TraditionalChinese), "Only English.");
  EXPECT_EQ(core::lesson_caption(chinese_only, LessonLanguage::English), "只有中文。");
  EXPECT_EQ(core::lesson_title(lesson, LessonLanguage::TraditionalChinese), "English title");
  lesson.title_zh_TW = "中文標題";
  EXPECT_EQ(core::lesson_title(lesson, LessonLanguage::TraditionalChinese), "中文標題");
  core::lesson_caption_field(english_only, LessonLanguage::TraditionalChinese) = "補上中文。";
  EXPECT_EQ(english_only.caption_zh_TW, "補上中文。");
  EXPECT_EQ(english_only.caption, "Only English.");
}

TEST(Lesson, MissingFieldsTakeDefaults) {
  const core::LessonFile file = core::read_lesson(R"({"version": 1, "steps": [{"text": "a dog"}]})");
  ASSERT_EQ(file.error, "");
  ASSERT_EQ(file.lesson.steps.size(), 1u);
  core::ViewState expected;
  expected.text = "a dog";
  EXPECT_EQ(file.lesson.steps[0].state, expected);
  EXPECT_EQ(file.lesson.title, "");
}

struct Damage {
  const char* name;
  const char* text;
  const char* message;
};

class DamagedLesson : public testing::TestWithParam<Damage> {};

TEST_P(DamagedLesson, GivesTheMessageAndAnEmptyLesson) {
  const core::LessonFile file = core::read_lesson(GetParam().text);
  EXPECT_EQ(file.error, GetParam().message);
  EXPECT_EQ(file.lesson, core::Lesson{});
}

INSTANTIATE_TEST_SUITE_P(
    Files, DamagedLesson,
    testing::Values(
        Damage{"empty", "", "the lesson file is not valid JSON (at byte 1)"},
        Damage{"truncated", R"({"version": 1, "steps": [)", "the lesson file is not valid JSON (at byte 26)"},
        Damage{"not_an_object", "[1, 2]", "the lesson file must hold one JSON object { … }"},
        Damage{"no_version", R"({"steps": []})", "the lesson file has no 'version'"},
        Damage{"text_version", R"({"version": "1", "steps": []})", "the lesson file: 'version' must be a whole number from 1"},
        Damage{"newer", R"({"version": 7, "steps": []})",
               "the lesson file has version 7, written by a newer AttentionScope (this one reads up to 1)"},
        Damage{"no_steps", R"({"version": 1})", "the lesson file needs 'steps': a list of view states"},
        Damage{"step_not_object", R"({"version": 1, "steps": [{}, 3]})", "step 2: must be an object { … }"},
        Damage{"negative_layer", R"({"version": 1, "steps": [{"layer": -1}]})", "step 1: 'layer' must be at least 0, not -1"},
        Damage{"huge_head", R"({"version": 1, "steps": [{"head": 99999999999}]})",
               "step 1: 'head' must be at least 0, not 99999999999"},
        Damage{"fraction", R"({"version": 1, "steps": [{"focus_token": 1.5}]})", "step 1: 'focus_token' must be a whole number"},
        Damage{"pe_text", R"({"version": 1, "steps": [{"positional_encoding": "off"}]})",
               "step 1: 'positional_encoding' must be true or false"},
        Damage{"caption_number", R"({"version": 1, "steps": [{"caption": 5}]})", "step 1: 'caption' must be text"},
        Damage{"chinese_caption_list", R"({"version": 1, "steps": [{"caption": "a", "caption_zh_TW": ["甲"]}]})",
               "step 1: 'caption_zh_TW' must be text"},
        Damage{"chinese_title_number", R"({"version": 1, "title_zh_TW": 1, "steps": []})", "'title_zh_TW' must be text"},
        Damage{"unknown_view", R"({"version": 1, "steps": [{"view": "movie"}]})",
               "step 1: unknown view 'movie' (one of graph, heatmap, grid, pe, walkthrough, permutation, sandbox, "
               "layer_inspector, diagram, heads, logit_lens, what_if, qk, qk_map, corpus_search)"},
        Damage{"unknown_attention", R"({"version": 1, "steps": [{"attention": "sideways"}]})",
               "step 1: unknown attention 'sideways' (one of encoder_self, decoder_self, decoder_cross)"},
        Damage{"bad_utf8", "{\"version\": 1, \"title\": \"\xff\", \"steps\": []}",
               "the lesson file is not valid JSON (at byte 26)"}),
    [](const testing::TestParamInfo<Damage>& info) { return std::string(info.param.name); });

TEST(Lesson, TheBundledLectureLessonReads) {
  std::ifstream in(std::string(ATTNSCOPE_RESOURCES) + "/lessons/lecture.json");
  std::stringstream text;
  text << in.rdbuf();
  const core::LessonFile file = core::read_lesson(text.str());
  ASSERT_EQ(file.error, "");
  EXPECT_GE(file.lesson.steps.size(), 10u);
  bool pe_off_demo = false;
  for (const core::LessonStep& step : file.lesson.steps) {
    EXPECT_FALSE(step.caption.empty());
    pe_off_demo = pe_off_demo || (step.state.view == "permutation" && !step.state.positional_encoding);
  }
  EXPECT_TRUE(pe_off_demo) << "the 天涯若比鄰 step with the positional encoding off";
}

// Every lesson the app bundles (resources/lessons/*.json: the lecture lesson and the workshop's
// sections, docs/lessons.md) reads, and its title and every step's caption are there in both
// languages: the lesson bar shows the interface's language, so a missing translation would show
// English in a Chinese classroom.
TEST(Lesson, EveryBundledLessonCarriesBothLanguages) {
  const std::filesystem::path folder = std::filesystem::path(ATTNSCOPE_RESOURCES) / "lessons";
  std::vector<std::filesystem::path> paths;
  for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  // The lecture lesson and one lesson per section of the lecture, 1 to 8.
  EXPECT_NE(std::find(paths.begin(), paths.end(), folder / "lecture.json"), paths.end());
  for (int section = 1; section <= 8; ++section) {
    const std::filesystem::path path = folder / ("section-" + std::to_string(section) + ".json");
    EXPECT_NE(std::find(paths.begin(), paths.end(), path), paths.end()) << path << " is missing";
  }
  // A Chinese text is Chinese: it holds at least one CJK character (3 UTF-8 bytes from E4 to E9).
  const auto chinese = [](const std::string& text) {
    return text.find_first_of("\xe4\xe5\xe6\xe7\xe8\xe9") != std::string::npos;
  };
  for (const std::filesystem::path& path : paths) {
    std::ifstream in(path);
    ASSERT_TRUE(in.good()) << path;
    std::stringstream text;
    text << in.rdbuf();
    const core::LessonFile file = core::read_lesson(text.str());
    ASSERT_EQ(file.error, "") << path;
    EXPECT_FALSE(file.lesson.title.empty()) << path;
    EXPECT_TRUE(chinese(file.lesson.title_zh_TW)) << path << ": the title has no Chinese";
    EXPECT_GE(file.lesson.steps.size(), 3u) << path;
    for (std::size_t n = 0; n < file.lesson.steps.size(); ++n) {
      const core::LessonStep& step = file.lesson.steps[n];
      EXPECT_FALSE(step.caption.empty()) << path << " step " << n + 1;
      EXPECT_TRUE(chinese(step.caption_zh_TW)) << path << " step " << n + 1 << ": the caption has no Chinese";
      EXPECT_FALSE(step.state.model.empty()) << path << " step " << n + 1 << " names no bundled model";
    }
  }
}

// What reading text as a session says; a file that does not read leaves every default.
std::string session_error(const std::string& text) {
  const core::SessionFile file = core::read_session(text);
  EXPECT_EQ(file.session, core::Session{});
  return file.error;
}

TEST(Session, RoundTrips) {
  core::Session session;
  session.state = two_step_lesson().steps[1].state;
  session.toggles = {{"show_masked", true}, {"normalise_rows", false}};
  const core::SessionFile file = core::read_session(core::write_session(session));
  EXPECT_EQ(file.error, "");
  EXPECT_EQ(file.session, session);
}

TEST(Session, ReadingAndEditsRoundTrip) {
  core::Session session;
  session.state = two_step_lesson().steps[1].state;
  session.reading.words = true;
  session.reading.hide_special = true;
  session.reading.hidden_token = "the";
  session.reading.text_pair = "it was happy";
  session.reading.pair_filter = "BA";
  session.reading.edge_filter = "top_p";
  session.reading.top_p = 0.75;
  session.reading.method = "rollout";
  session.reading.method_heads = {0, 3};
  session.edits = {{"source", {core::TokenEditKind::Mask, 2, ""}},
                   {"target", {core::TokenEditKind::Replace, 1, "dog"}},
                   {"source", {core::TokenEditKind::Delete, 0, ""}}};
  const std::string text = core::write_session(session);
  EXPECT_NE(text.find("\"version\": 2"), std::string::npos);
  const core::SessionFile file = core::read_session(text);
  EXPECT_EQ(file.error, "");
  EXPECT_EQ(file.session, session);
}

TEST(Session, AVersionOneFileReadsWithTheDefaultReading) {
  const core::SessionFile file =
      core::read_session("{\"version\": 1, \"state\": {\"text\": \"a cat\"}, \"toggles\": {\"pe_difference\": true}}");
  EXPECT_EQ(file.error, "");
  EXPECT_EQ(file.session.state.text, "a cat");
  EXPECT_TRUE(file.session.toggles.at("pe_difference"));
  EXPECT_EQ(file.session.reading, core::SessionReading{});
  EXPECT_TRUE(file.session.edits.empty());
}

TEST(Session, BadReadingOrEditsNameTheField) {
  const auto error = session_error;
  EXPECT_EQ(error("{\"version\": 2, \"reading\": []}"), "the session file: reading must be an object");
  EXPECT_EQ(error("{\"version\": 2, \"reading\": {\"words\": 1}}"),
            "the session file: reading: 'words' must be true or false");
  EXPECT_EQ(error("{\"version\": 2, \"reading\": {\"pair_filter\": \"AC\"}}"),
            "the session file: reading: 'pair_filter' is AA, AB, BA, BB or empty, not \"AC\"");
  EXPECT_EQ(error("{\"version\": 2, \"reading\": {\"edge_filter\": \"all\"}}"),
            "the session file: reading: 'edge_filter' is threshold or top_p, not \"all\"");
  EXPECT_EQ(error("{\"version\": 2, \"reading\": {\"top_p\": 0}}"),
            "the session file: reading: 'top_p' must be a number with 0 < p ≤ 1");
  EXPECT_EQ(error("{\"version\": 2, \"reading\": {\"method\": \"magic\"}}"),
            "the session file: reading: 'method' is one of raw|norm|value-zeroing|rollout|flow, not \"magic\"");
  EXPECT_EQ(error("{\"version\": 2, \"reading\": {\"method_heads\": \"all\"}}"),
            "the session file: reading: 'method_heads' must be a list of heads (from 0)");
  EXPECT_EQ(error("{\"version\": 2, \"reading\": {\"method_heads\": [0, -1]}}"),
            "the session file: reading: 'method_heads' holds -1, not a head number (from 0)");
  EXPECT_EQ(error("{\"version\": 2, \"reading\": {\"method_heads\": [1.5]}}"),
            "the session file: reading: 'method_heads' holds 1.5, not a head number (from 0)");
  EXPECT_EQ(error("{\"version\": 2, \"edits\": {}}"), "the session file: 'edits' must be a list of token edits");
  EXPECT_EQ(error("{\"version\": 2, \"edits\": [{\"kind\": \"mask\", \"position\": 1}, {\"kind\": \"swap\"}]}"),
            "the session file: edit 2: 'kind' is mask, delete or replace, not \"swap\"");
  EXPECT_EQ(error("{\"version\": 2, \"edits\": [{\"kind\": \"mask\", \"position\": -1}]}"),
            "the session file: edit 1: 'position' must be a whole number ≥ 0 (the token, counting from 0)");
  EXPECT_EQ(error("{\"version\": 2, \"edits\": [{\"side\": \"both\", \"kind\": \"mask\", \"position\": 1}]}"),
            "the session file: edit 1: 'side' is source or target, not \"both\"");
  EXPECT_EQ(error("{\"version\": 2, \"edits\": [{\"kind\": \"replace\", \"position\": 1}]}"),
            "the session file: edit 1: a replace edit needs its 'replacement' text");
  // Found by fuzzing: a delete edit carrying a replacement read, then wrote back without it.
  EXPECT_EQ(error("{\"version\": 2, \"edits\": [{\"kind\": \"delete\", \"position\": 2, \"replacement\": \"x\"}]}"),
            "the session file: edit 1: only a replace edit has a 'replacement', not a delete edit");
  EXPECT_THAT(error("{\"version\": 3}"), ::testing::HasSubstr("version"));
}

TEST(Session, DamageGivesTheMessageAndDefaults) {
  const auto error = session_error;
  EXPECT_EQ(error("{\"version\": 1, \"state\": {\"layer\": true}}"), "state: 'layer' must be a whole number");
  EXPECT_EQ(error("{\"version\": 1, \"toggles\": []}"),
            "the session file: 'toggles' must be an object of true/false values");
  EXPECT_EQ(error("{\"version\": 1, \"toggles\": {\"grid\": 1}}"), "the session file: toggle 'grid' must be true or false");
  EXPECT_EQ(error("{\"version\": 1, \"sta"), "the session file is not valid JSON (at byte 20)");
  EXPECT_EQ(error("{\"version\": 1}"), "");
}

}  // namespace
