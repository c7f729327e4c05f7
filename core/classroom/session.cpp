#include "classroom/session.h"

namespace core {

namespace {

using nlohmann::json;

const std::string what_file = "the session file";

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
  const json object = {{"version", Session::version},
                       {"state", view_state_to_json(session.state)},
                       {"toggles", session.toggles}};
  return object.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace core
