#include "cli_reading.h"

#include <string>

#include "analysis/methods/top_p.h"

namespace cli {

core::ReadingOptions reading_option(const Options& options) {
  core::ReadingOptions reading;
  reading.words = options.has("--words");
  reading.hide_special = options.has("--hide-special");
  if (const auto token = options.value("--hide-token")) {
    if (token->empty()) throw UsageError("--hide-token needs a token, not an empty string");
    reading.hide_tokens.push_back(*token);
  }
  if (const auto filter = options.value("--pair-filter")) {
    const auto text = [](char c) { return c == 'A' ? 0 : c == 'B' ? 1 : -1; };
    if (filter->size() != 2 || text((*filter)[0]) < 0 || text((*filter)[1]) < 0) {
      throw UsageError("--pair-filter takes AA, AB, BA or BB (the queries' text, then the keys'), not \"" + *filter + "\"");
    }
    reading.query_segment = text((*filter)[0]);
    reading.key_segment = text((*filter)[1]);
  }
  return reading;
}

std::optional<double> top_p_option(const Options& options) {
  const auto value = options.value("--top-p");
  if (!value) return std::nullopt;
  try {
    std::size_t used = 0;
    const double p = std::stod(*value, &used);
    if (used == value->size() && p > 0.0 && p <= 1.0) return p;
  } catch (const std::exception&) {
  }
  throw UsageError("--top-p takes a share p with 0 < p ≤ 1, not \"" + *value + "\"");
}

namespace {

nlohmann::json groups_json(const core::ReadingAxis& axis) {
  nlohmann::json groups = nlohmann::json::array();
  for (const std::vector<int>& members : axis.members) groups.push_back(members);
  return groups;
}

}  // namespace

void add_reading_json(nlohmann::json& dump, const core::ReadingOptions& reading, const core::ReadTrace& read,
                      bool source, bool target) {
  const auto segment = [](int s) { return s < 0 ? nlohmann::json(nullptr) : nlohmann::json(s == 0 ? "A" : "B"); };
  nlohmann::json info = {{"words", reading.words},
                         {"hide_special", reading.hide_special},
                         {"hide_tokens", reading.hide_tokens},
                         {"query_text", segment(reading.query_segment)},
                         {"key_text", segment(reading.key_segment)}};
  std::string rule;
  if (reading.hide_special || !reading.hide_tokens.empty()) rule = "hidden tokens dropped, each row rescaled to keep its total";
  if (reading.words) rule += std::string(rule.empty() ? "" : "; ") + "words: keys summed, queries averaged";
  info["rule"] = rule;
  dump["reading"] = std::move(info);
  if (source) {
    dump["source_query_labels"] = read.source_queries.labels;
    dump["source_query_groups"] = groups_json(read.source_queries);
    dump["source_key_labels"] = read.source_keys.labels;
    dump["source_key_groups"] = groups_json(read.source_keys);
  }
  if (target) {
    dump["target_query_labels"] = read.target_queries.labels;
    dump["target_query_groups"] = groups_json(read.target_queries);
    dump["target_key_labels"] = read.target_keys.labels;
    dump["target_key_groups"] = groups_json(read.target_keys);
  }
}

void keep_top_p(core::AttentionTrace& trace, double p) {
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    for (core::LayerAttention& layer : trace.layers(kind)) {
      for (core::RowMatrix& head : layer.heads) head = core::top_p_filter(head, p);
    }
  }
}

}  // namespace cli
