#pragma once
// A scripted lesson: a sequence of view states, each with a caption, replayed step by step.
//   {"version": 1, "title": "…", "steps": [{"model": …, "text": …, "target": …, "view": …,
//     "layer": …, "head": …, "focus_token": …, "positional_encoding": …, "caption": …}, …]}
// A damaged file never stops the app: reading gives a message and an empty lesson.

#include <string>
#include <vector>

#include "classroom/view_state.h"

namespace core {

struct LessonStep {
  ViewState state;
  std::string caption;  // what the teacher says at this step

  bool operator==(const LessonStep&) const = default;
};

struct Lesson {
  static constexpr int version = 1;
  std::string title;
  std::vector<LessonStep> steps;

  bool operator==(const Lesson&) const = default;
};

struct LessonFile {
  Lesson lesson;      // the defaults (no steps) when error is set
  std::string error;  // empty when the file was read
};

LessonFile read_lesson(const std::string& text);
std::string write_lesson(const Lesson& lesson);  // pretty-printed JSON, UTF-8

}  // namespace core
