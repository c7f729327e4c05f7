#include "classroom/session.h"

#include <algorithm>
#include <cstdint>

#include "analysis/methods/attention_method.h"

namespace core {

namespace {

using nlohmann::json;

const std::string what_file = "the session file";

bool bool_field(const json& object, const char* key, const std::string& where, bool fallback) {
  if (!object.contains(key)) return fallback;
  if (!object[key].is_boolean()) throw FileFormatError(where + ": '" + key + "' must be true or false");
  return object[key].get<bool>();
}

SessionReading parse_reading(const json& object) {
  const std::string where = what_file + ": reading";
  if (!object.is_object()) throw FileFormatError(where + " must be an object");
  const SessionReading defaults;
  SessionReading reading;
  reading.words = bool_field(object, "words", where, defaults.words);
  reading.hide_special = bool_field(object, "hide_special", where, defaults.hide_special);
  reading.hidden_token = string_field(object, "hidden_token", where, defaults.hidden_token);
  reading.text_pair = string_field(object, "text_pair", where, defaults.text_pair);
  reading.pair_filter = string_field(object, "pair_filter", where, defaults.pair_filter);
  const std::vector<std::string> filters = {"", "AA", "AB", "BA", "BB"};
  if (std::find(filters.begin(), filters.end(), reading.pair_filter) == filters.end()) {
    throw FileFormatError(where + ": 'pair_filter' is AA, AB, BA, BB or empty, not \"" + reading.pair_filter + "\"");
  }
  reading.edge_filter = string_field(object, "edge_filter", where, defaults.edge_filter);
  if (reading.edge_filter != "threshold" && reading.edge_filter != "top_p") {
    throw FileFormatError(where + ": 'edge_filter' is threshold or top_p, not \"" + reading.edge_filter + "\"");
  }
  if (object.contains("top_p")) {
    const json& p = object["top_p"];
    if (!p.is_number() || !(p.get<double>() > 0.0 && p.get<double>() <= 1.0)) {
      throw FileFormatError(where + ": 'top_p' must be a number with 0 < p ≤ 1");
    }
    reading.top_p = p.get<double>();
  }
  reading.method = string_field(object, "method", where, defaults.method);
  if (!parse_attention_method(reading.method)) {
    throw FileFormatError(where + ": 'method' is one of " + attention_method_names() + ", not \"" + reading.method + "\"");
  }
  if (object.contains("method_heads")) {
    const json& heads = object["method_heads"];
    if (!heads.is_array()) throw FileFormatError(where + ": 'method_heads' must be a list of heads (from 0)");
    for (const json& head : heads) {
      // A head past the model's last is dropped when the session is applied, as the heads button does.
      if (!head.is_number_unsigned() || head.get<std::uint64_t>() > 100000) {
        throw FileFormatError(where + ": 'method_heads' holds " + head.dump() + ", not a head number (from 0)");
      }
      reading.method_heads.push_back(head.get<int>());
    }
  }
  return reading;
}

SessionEdit parse_edit(const json& object, std::size_t index) {
  const std::string where = what_file + ": edit " + std::to_string(index + 1);
  if (!object.is_object()) throw FileFormatError(where + " must be an object");
  SessionEdit edit;
  edit.side = string_field(object, "side", where, edit.side);
  if (edit.side != "source" && edit.side != "target") {
    throw FileFormatError(where + ": 'side' is source or target, not \"" + edit.side + "\"");
  }
  const std::string kind = string_field(object, "kind", where, "");
  bool known = false;
  for (const TokenEditKind k : {TokenEditKind::Mask, TokenEditKind::Delete, TokenEditKind::Replace}) {
    if (kind == to_string(k)) {
      edit.edit.kind = k;
      known = true;
    }
  }
  if (!known) throw FileFormatError(where + ": 'kind' is mask, delete or replace, not \"" + kind + "\"");
  if (!object.contains("position") || !object["position"].is_number_unsigned()) {
    throw FileFormatError(where + ": 'position' must be a whole number ≥ 0 (the token, counting from 0)");
  }
  edit.edit.position = object["position"].get<std::size_t>();
  edit.edit.replacement = string_field(object, "replacement", where, "");
  if (edit.edit.kind == TokenEditKind::Replace && edit.edit.replacement.empty()) {
    throw FileFormatError(where + ": a replace edit needs its 'replacement' text");
  }
  // A mask or delete edit has no replacement; one given is refused rather than dropped, so that
  // what is read is what would be written back.
  if (edit.edit.kind != TokenEditKind::Replace && object.contains("replacement")) {
    throw FileFormatError(where + ": only a replace edit has a 'replacement', not a " + kind + " edit");
  }
  return edit;
}

Session parse(const std::string& text) {
  const json object = parse_json_object(text, what_file);
  check_version(object, Session::version, what_file);
  Session session;
  if (object.contains("state")) session.state = view_state_from_json(object["state"], "state");
  if (object.contains("toggles")) {
    const json& toggles = object["toggles"];
    if (!toggles.is_object()) throw FileFormatError(what_file + ": 'toggles' must be an object of true/false values");
    for (const auto& [name, value] : toggles.items()) {
      if (!value.is_boolean()) throw FileFormatError(what_file + ": toggle '" + name + "' must be true or false");
      session.toggles[name] = value.get<bool>();
    }
  }
  if (object.contains("reading")) session.reading = parse_reading(object["reading"]);
  if (object.contains("edits")) {
    const json& edits = object["edits"];
    if (!edits.is_array()) throw FileFormatError(what_file + ": 'edits' must be a list of token edits");
    for (std::size_t n = 0; n < edits.size(); ++n) session.edits.push_back(parse_edit(edits[n], n));
  }
  return session;
}

}  // namespace

SessionFile read_session(const std::string& text) {
  SessionFile file;
  try {
    file.session = parse(text);
  } catch (const FileFormatError& e) {
    file.error = e.what();
  } catch (const json::exception& e) {
    // Every field is checked before it is read, so this is a last line of defence, not a path.
    file.error = what_file + " could not be read: " + e.what();
  }
  return file;
}

std::string write_session(const Session& session) {
  const SessionReading& reading = session.reading;
  json edits = json::array();
  for (const SessionEdit& edit : session.edits) {
    json entry = {{"side", edit.side}, {"kind", to_string(edit.edit.kind)}, {"position", edit.edit.position}};
    if (edit.edit.kind == TokenEditKind::Replace) entry["replacement"] = edit.edit.replacement;
    edits.push_back(std::move(entry));
  }
  const json object = {{"version", Session::version},
                       {"state", view_state_to_json(session.state)},
                       {"toggles", session.toggles},
                       {"reading", {{"words", reading.words},
                                    {"hide_special", reading.hide_special},
                                    {"hidden_token", reading.hidden_token},
                                    {"text_pair", reading.text_pair},
                                    {"pair_filter", reading.pair_filter},
                                    {"edge_filter", reading.edge_filter},
                                    {"top_p", reading.top_p},
                                    {"method", reading.method},
                                    {"method_heads", reading.method_heads}}},
                       {"edits", edits}};
  return object.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace core
