#include "classroom/lesson.h"

namespace core {

namespace {

using nlohmann::json;

const std::string what_file = "the lesson file";

Lesson parse(const std::string& text) {
  const json object = parse_json_object(text, what_file);
  check_version(object, Lesson::version, what_file);
  Lesson lesson;
  lesson.title = string_field(object, "title", "", "");
  lesson.title_zh_TW = string_field(object, "title_zh_TW", "", "");
  if (!object.contains("steps") || !object["steps"].is_array()) {
    throw FileFormatError(what_file + " needs 'steps': a list of view states");
  }
  for (std::size_t n = 0; n < object["steps"].size(); ++n) {
    // Steps are numbered from 1, as a teacher counts them.
    const std::string where = "step " + std::to_string(n + 1);
    const json& step = object["steps"][n];
    LessonStep parsed;
    parsed.state = view_state_from_json(step, where);
    parsed.caption = string_field(step, "caption", where, "");
    parsed.caption_zh_TW = string_field(step, "caption_zh_TW", where, "");
    lesson.steps.push_back(std::move(parsed));
  }
  return lesson;
}

}  // namespace

LessonFile read_lesson(const std::string& text) {
  LessonFile file;
  try {
    file.lesson = parse(text);
  } catch (const FileFormatError& e) {
    file.error = e.what();
  } catch (const json::exception& e) {
    // Every field is checked before it is read, so this is a last line of defence, not a path.
    file.error = what_file + " could not be read: " + e.what();
  }
  return file;
}

std::string write_lesson(const Lesson& lesson) {
  json steps = json::array();
  for (const LessonStep& step : lesson.steps) {
    json object = view_state_to_json(step.state);
    object["caption"] = step.caption;
    // Written only when there is one, so an English-only lesson reads as it always did.
    if (!step.caption_zh_TW.empty()) object["caption_zh_TW"] = step.caption_zh_TW;
    steps.push_back(std::move(object));
  }
  json object = {{"version", Lesson::version}, {"title", lesson.title}};
  if (!lesson.title_zh_TW.empty()) object["title_zh_TW"] = lesson.title_zh_TW;
  object["steps"] = steps;
  return object.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {

// The text in language, else the other one (a lesson translated only in part still shows every step).
const std::string& in_language(const std::string& english, const std::string& chinese, LessonLanguage language) {
  if (language == LessonLanguage::TraditionalChinese) return chinese.empty() ? english : chinese;
  return english.empty() ? chinese : english;
}

}  // namespace

const std::string& lesson_title(const Lesson& lesson, LessonLanguage language) {
  return in_language(lesson.title, lesson.title_zh_TW, language);
}

const std::string& lesson_caption(const LessonStep& step, LessonLanguage language) {
  return in_language(step.caption, step.caption_zh_TW, language);
}

std::string& lesson_caption_field(LessonStep& step, LessonLanguage language) {
  return language == LessonLanguage::TraditionalChinese ? step.caption_zh_TW : step.caption;
}

}  // namespace core
