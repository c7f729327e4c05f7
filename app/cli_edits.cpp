#include "cli_edits.h"

namespace cli {

core::TokenEdit parse_edit(const std::string& text) {
  const auto bad = [&] {
    return UsageError("--edit: \"" + text +
                      "\" is not mask:N, delete:N or replace:N=TEXT (N: the token's position from 0)");
  };
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) throw bad();
  const std::string kind = text.substr(0, colon);
  std::string position = text.substr(colon + 1);
  core::TokenEdit edit;
  if (kind == "mask") {
    edit.kind = core::TokenEditKind::Mask;
  } else if (kind == "delete") {
    edit.kind = core::TokenEditKind::Delete;
  } else if (kind == "replace") {
    edit.kind = core::TokenEditKind::Replace;
    const std::size_t equals = position.find('=');
    if (equals == std::string::npos) throw bad();
    edit.replacement = position.substr(equals + 1);
    position = position.substr(0, equals);
  } else {
    throw bad();
  }
  if (position.empty() || position.size() > 9 || position.find_first_not_of("0123456789") != std::string::npos)
    throw bad();
  edit.position = static_cast<std::size_t>(std::stoul(position));
  return edit;
}

core::InputEdits edits_option(const Options& options, const core::ModelSpec& spec) {
  core::InputEdits edits;
  const std::vector<std::string> given = options.all("--edit");
  if (options.has("--edit-side") && given.empty()) throw UsageError("--edit-side goes with --edit");
  if (given.empty()) return edits;
  const std::string side = options.value("--edit-side").value_or(spec.has_encoder() ? "source" : "target");
  if (side != "source" && side != "target") throw UsageError("--edit-side takes source or target, not \"" + side + "\"");
  const bool on_source = side == "source";
  if (on_source && !spec.has_encoder()) throw UsageError("--edit-side source: the model has no encoder");
  if (!on_source && !spec.has_decoder()) throw UsageError("--edit-side target: the model has no decoder");
  for (const std::string& text : given) (on_source ? edits.source : edits.target).push_back(parse_edit(text));
  return edits;
}

nlohmann::json edits_json(const core::InputEdits& edits) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [side, ofSide] : {std::pair<const char*, const std::vector<core::TokenEdit>*>{"source", &edits.source},
                                     std::pair<const char*, const std::vector<core::TokenEdit>*>{"target", &edits.target}}) {
    for (const core::TokenEdit& edit : *ofSide) {
      nlohmann::json entry = {{"side", side}, {"kind", core::to_string(edit.kind)}, {"position", edit.position}};
      if (edit.kind == core::TokenEditKind::Replace) entry["replacement"] = edit.replacement;
      list.push_back(std::move(entry));
    }
  }
  return list;
}

}  // namespace cli
