#pragma once
// A saved working state: what every view shows, plus the GUI's named toggles, how the tokens are
// read and the What If tab's token edits, so reopening the file brings back the same picture.
//   {"version": 2, "state": {view state}, "toggles": {"name": true|false, …},
//    "reading": {"words", "hide_special", "hidden_token", "text_pair", "pair_filter",
//                "edge_filter", "top_p", "method", "method_heads"},
//    "edits": [{"side": "source"|"target", "kind": "mask"|"delete"|"replace", "position", "replacement"?}, …]}
// Version 1 files (state and toggles only) still read, with the reading and edits at their
// defaults. A damaged file gives a message and the defaults, never a crash. docs/lessons.md.

#include <map>
#include <string>
#include <vector>

#include "analysis/whatif/token_edit.h"
#include "classroom/view_state.h"

namespace core {

// How the views read the tokens (docs/reading.md) and which method they show (docs/methods.md).
struct SessionReading {
  bool words = false;            // sub-word pieces merged into words
  bool hide_special = false;     // special tokens hidden, rows rescaled
  std::string hidden_token;      // one chosen token hidden; empty: none
  std::string text_pair;         // text B of a sentence pair; empty: one text
  std::string pair_filter;       // "AA", "AB", "BA" or "BB" (queries' text, keys' text); empty: all
  std::string edge_filter = "threshold";  // the word graph's lines: "threshold" or "top_p"
  double top_p = 0.9;            // 0 < p ≤ 1
  std::string method = "raw";    // core::AttentionMethod's name ("raw", "norm", …)
  std::vector<int> method_heads; // rollout and flow: the heads each layer averages (from 0); empty: all

  bool operator==(const SessionReading&) const = default;
};

// One token edit of the What If tab, on the source or the target tokens.
struct SessionEdit {
  std::string side = "source";  // "source" or "target"
  TokenEdit edit;

  bool operator==(const SessionEdit& other) const {
    return side == other.side && edit.kind == other.edit.kind && edit.position == other.edit.position &&
           edit.replacement == other.edit.replacement;
  }
};

struct Session {
  static constexpr int version = 2;
  ViewState state;
  std::map<std::string, bool> toggles;  // named by the GUI ("show_masked", "normalise_rows", …)
  SessionReading reading;
  std::vector<SessionEdit> edits;       // in the order made; positions in the tokens before any edit

  bool operator==(const Session&) const = default;
};

struct SessionFile {
  Session session;    // the defaults when error is set
  std::string error;  // empty when the file was read
};

SessionFile read_session(const std::string& text);
std::string write_session(const Session& session);

}  // namespace core
