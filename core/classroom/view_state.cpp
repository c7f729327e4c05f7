#include "classroom/view_state.h"

#include <algorithm>
#include <limits>

namespace core {

namespace {

using nlohmann::json;

std::string prefix(const std::string& where) { return where.empty() ? "" : where + ": "; }

int int_field(const json& object, const char* key, const std::string& where, int fallback, int minimum) {
  if (!object.contains(key)) return fallback;
  const json& value = object[key];
  if (!value.is_number_integer()) throw FileFormatError(prefix(where) + "'" + key + "' must be a whole number");
  // Compared as 64-bit before narrowing, so 1e18 is "too large", not a wrapped negative.
  const auto number = value.get<long long>();
  if (number < minimum || number > std::numeric_limits<int>::max()) {
    throw FileFormatError(prefix(where) + "'" + key + "' must be at least " + std::to_string(minimum) +
                          ", not " + std::to_string(number));
  }
  return static_cast<int>(number);
}

bool bool_field(const json& object, const char* key, const std::string& where, bool fallback) {
  if (!object.contains(key)) return fallback;
  if (!object[key].is_boolean()) throw FileFormatError(prefix(where) + "'" + key + "' must be true or false");
  return object[key].get<bool>();
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

const std::vector<std::string>& view_names() {
  static const std::vector<std::string> names = {
      "graph", "heatmap", "grid", "pe", "walkthrough", "permutation", "sandbox", "layer_inspector",
      "diagram", "heads", "logit_lens", "what_if", "qk", "qk_map", "corpus_search"};
  return names;
}

std::string string_field(const json& object, const char* key, const std::string& where, const std::string& fallback) {
  if (!object.contains(key)) return fallback;
  if (!object[key].is_string()) throw FileFormatError(prefix(where) + "'" + key + "' must be text");
  return object[key].get<std::string>();
}

json view_state_to_json(const ViewState& state) {
  json object = {{"model", state.model},
                 {"text", state.text},
                 {"target", state.target},
                 {"view", state.view},
                 {"layer", state.layer},
                 {"head", state.head},
                 {"focus_token", state.focus_token},
                 {"page", state.page},
                 {"positional_encoding", state.positional_encoding}};
  if (!state.attention.empty()) object["attention"] = state.attention;
  return object;
}

ViewState view_state_from_json(const json& object, const std::string& where) {
  if (!object.is_object()) throw FileFormatError(prefix(where) + "must be an object { … }");
  ViewState state;
  state.model = string_field(object, "model", where, state.model);
  state.text = string_field(object, "text", where, state.text);
  state.target = string_field(object, "target", where, state.target);
  state.view = string_field(object, "view", where, state.view);
  if (std::find(view_names().begin(), view_names().end(), state.view) == view_names().end()) {
    throw FileFormatError(prefix(where) + "unknown view '" + state.view + "' (one of " + joined(view_names()) + ")");
  }
  state.attention = string_field(object, "attention", where, state.attention);
  if (!state.attention.empty() && state.attention != "encoder_self" && state.attention != "decoder_self" &&
      state.attention != "decoder_cross") {
    throw FileFormatError(prefix(where) + "unknown attention '" + state.attention +
                          "' (one of encoder_self, decoder_self, decoder_cross)");
  }
  state.layer = int_field(object, "layer", where, state.layer, 0);
  state.head = int_field(object, "head", where, state.head, 0);
  state.focus_token = int_field(object, "focus_token", where, state.focus_token, -1);
  state.page = int_field(object, "page", where, state.page, 0);
  state.positional_encoding = bool_field(object, "positional_encoding", where, state.positional_encoding);
  return state;
}

json parse_json_object(const std::string& text, const std::string& what_file) {
  json object;
  try {
    object = json::parse(text);
  } catch (const json::parse_error& e) {
    throw FileFormatError(what_file + " is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  }
  if (!object.is_object()) throw FileFormatError(what_file + " must hold one JSON object { … }");
  return object;
}

void check_version(const json& object, int supported, const std::string& what_file) {
  if (!object.contains("version")) throw FileFormatError(what_file + " has no 'version'");
  const json& version = object["version"];
  if (!version.is_number_integer() || version.get<long long>() < 1) {
    throw FileFormatError(what_file + ": 'version' must be a whole number from 1");
  }
  if (version.get<long long>() > supported) {
    throw FileFormatError(what_file + " has version " + std::to_string(version.get<long long>()) +
                          ", written by a newer AttentionScope (this one reads up to " + std::to_string(supported) +
                          ")");
  }
}

}  // namespace core
