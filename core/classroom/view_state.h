#pragma once
// What a view shows, as lessons and sessions store it: the model, its input, which view, which
// layer, head and token, and whether the positional encoding e^i is added. Plain JSON, so a teacher
// can edit a lesson in a text editor; the readers say exactly which field is wrong.

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace core {

// A lesson or session file that cannot be read; the message names the field ("step 3: 'layer' …").
class FileFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The views a state may name. The GUI may show them differently but keeps the names stable.
// "graph", "heatmap", "grid", "pe", "walkthrough", "permutation", "sandbox", "layer_inspector", and
// the window's other tabs: "heads", "logit_lens", "what_if", "qk", "qk_map", "corpus_search".
const std::vector<std::string>& view_names();

struct ViewState {
  std::string model;           // model folder, or a bundled model's name ("translate-en-zh")
  std::string text;            // encoder input; a decoder-only model's prompt
  std::string target;          // decoder input; empty: the model's own greedy output
  std::string view = "heatmap";
  std::string attention;       // "encoder_self", "decoder_self", "decoder_cross"; empty: the view's default
  int layer = 0;
  int head = 0;
  int focus_token = -1;        // the highlighted token (the walkthrough's query); -1: none
  int page = 0;                // walkthrough page
  bool positional_encoding = true;

  bool operator==(const ViewState&) const = default;
};

nlohmann::json view_state_to_json(const ViewState& state);
// Missing fields keep their defaults; a field of the wrong type or out of range throws
// FileFormatError whose message starts with where ("step 2").
ViewState view_state_from_json(const nlohmann::json& object, const std::string& where);

// Shared by the readers: a string field, or fallback when absent; FileFormatError when not a string.
std::string string_field(const nlohmann::json& object, const char* key, const std::string& where,
                         const std::string& fallback);

// Parses text as a JSON object, naming what_file ("the lesson file") in the FileFormatError.
nlohmann::json parse_json_object(const std::string& text, const std::string& what_file);

// Checks "version" is a whole number from 1 to supported.
void check_version(const nlohmann::json& object, int supported, const std::string& what_file);

}  // namespace core
