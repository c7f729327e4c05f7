#pragma once
// A saved working state: what every view shows, plus the GUI's named toggles, so reopening the
// file brings back the same picture.
//   {"version": 1, "state": {view state}, "toggles": {"name": true|false, …}}
// A damaged file gives a message and the defaults, never a crash.

#include <map>
#include <string>

#include "classroom/view_state.h"

namespace core {

struct Session {
  static constexpr int version = 1;
  ViewState state;
  std::map<std::string, bool> toggles;  // named by the GUI ("show_masked", "normalise_rows", …)

  bool operator==(const Session&) const = default;
};

struct SessionFile {
  Session session;    // the defaults when error is set
  std::string error;  // empty when the file was read
};

SessionFile read_session(const std::string& text);
std::string write_session(const Session& session);

}  // namespace core
