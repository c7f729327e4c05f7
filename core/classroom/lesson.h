#pragma once
// A scripted lesson: a sequence of view states, each with a caption, replayed step by step.
//   {"version": 1, "title": "…", "title_zh_TW": "…", "steps": [{"model": …, "text": …, "target": …,
//     "view": …, "layer": …, "head": …, "focus_token": …, "positional_encoding": …,
//     "caption": …, "caption_zh_TW": …}, …]}
// Two languages in one file: "title" and "caption" are English, "title_zh_TW" and "caption_zh_TW"
// Traditional Chinese; either may be missing, and the app shows the other one then (docs/lessons.md).
// A damaged file never stops the app: reading gives a message and an empty lesson.

#include <string>
#include <vector>

#include "classroom/view_state.h"

namespace core {

// The languages a lesson can carry: the English text and its Traditional Chinese translation.
enum class LessonLanguage { English, TraditionalChinese };

struct LessonStep {
  ViewState state;
  std::string caption;        // what the teacher says at this step, in English
  std::string caption_zh_TW;  // the same in Traditional Chinese; empty when the lesson has none

  bool operator==(const LessonStep&) const = default;
};

struct Lesson {
  static constexpr int version = 1;
  std::string title;
  std::string title_zh_TW;
  std::vector<LessonStep> steps;

  bool operator==(const Lesson&) const = default;
};

struct LessonFile {
  Lesson lesson;      // the defaults (no steps) when error is set
  std::string error;  // empty when the file was read
};

LessonFile read_lesson(const std::string& text);
// The title or a step's caption in language, or in the other language when that one is empty.
const std::string& lesson_title(const Lesson& lesson, LessonLanguage language);
const std::string& lesson_caption(const LessonStep& step, LessonLanguage language);
// The caption field language writes to, for a step recorded in that language.
std::string& lesson_caption_field(LessonStep& step, LessonLanguage language);
std::string write_lesson(const Lesson& lesson);  // pretty-printed JSON, UTF-8

}  // namespace core
