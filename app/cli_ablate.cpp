#include "cli_ablate.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/reading/token_reading.h"
#include "analysis/whatif/comparison.h"
#include "cli_model.h"
#include "cli_options.h"
#include "cli_whatif_output.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"

namespace cli {

namespace {

int parse_count(const std::string& flag, const std::string& item, const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 6) {
    throw UsageError(flag + ": \"" + item + "\" is not [KIND:]LAYER.HEAD (e.g. 1.0 or decoder_cross:1.0)");
  }
  return std::stoi(text);
}

int parse_top(const Options& options) {
  const auto value = options.value("--top");
  if (!value) return 5;
  const std::vector<int> parsed = parse_int_list("--top", *value, "count");
  if (parsed.size() != 1 || parsed.front() < 1) throw UsageError("--top takes one number ≥ 1");
  return parsed.front();
}

}  // namespace

std::vector<core::HeadRef> parse_head_list(const std::string& flag, const std::string& text,
                                           const core::ModelSpec& spec) {
  std::vector<core::HeadRef> heads;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::string rest = item;
    core::HeadRef head;
    head.kind = spec.has_encoder() ? core::AttentionKind::EncoderSelf : core::AttentionKind::DecoderSelf;
    if (const std::size_t colon = item.find(':'); colon != std::string::npos) {
      const std::string kind = item.substr(0, colon);
      if (kind == "encoder_self")
        head.kind = core::AttentionKind::EncoderSelf;
      else if (kind == "decoder_self")
        head.kind = core::AttentionKind::DecoderSelf;
      else if (kind == "decoder_cross")
        head.kind = core::AttentionKind::DecoderCross;
      else
        throw UsageError(flag + ": \"" + kind + "\" is not encoder_self, decoder_self or decoder_cross");
      rest = item.substr(colon + 1);
    }
    const std::size_t dot = rest.find('.');
    if (dot == std::string::npos) {
      throw UsageError(flag + ": \"" + item + "\" is not [KIND:]LAYER.HEAD (e.g. 1.0 or decoder_cross:1.0)");
    }
    head.layer = parse_count(flag, item, rest.substr(0, dot));
    head.head = parse_count(flag, item, rest.substr(dot + 1));
    heads.push_back(head);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return heads;
}

int run_ablate(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(
      arguments,
      {"--model", "--text", "--target", "--heads", "--top", "--format", "--precision", "--memory-budget", "--method",
       "--hide-token", "--top-p", "--text-pair", "--pair-filter"},
      {"--no-pe", "--words", "--hide-special"});
  const std::string format = options.value("--format").value_or("table");
  if (format != "table" && format != "json") throw UsageError("--format takes table or json, not \"" + format + "\"");
  const std::optional<std::string> text_pair = options.value("--text-pair");
  if (options.has("--pair-filter") && !text_pair) throw UsageError("--pair-filter goes with --text-pair");
  const int top_k = parse_top(options);
  const std::string heads_text = options.required("--heads");
  // both passes read alike before they are subtracted, as diff and the Heads tab's ablation do
  core::ComparisonReading reading = comparison_reading_option(options);
  reading.before_name = "every head";
  reading.after_name = "heads off";
  core::ForwardOptions forward_options;
  forward_options.positional_encoding = !options.has("--no-pe");
  forward_options.precision = precision_option(options);
  forward_options.memory_budget = memory_budget_option(options);
  forward_options.attention = core::AttentionStorage::Dense;
  const core::Model model = open_model(options.required("--model"), memory_budget_option(options));
  const std::vector<core::HeadRef> heads = parse_head_list("--heads", heads_text, model.spec());
  // a head given twice is a mistake in the list (it would be reported off twice); search refuses it too
  for (auto head = heads.begin(); head != heads.end(); ++head) {
    if (std::find(heads.begin(), head, *head) != head) {
      throw UsageError("--heads: " + std::string(core::to_string(head->kind)) + ":" + std::to_string(head->layer) +
                       "." + std::to_string(head->head) + " is listed twice");
    }
  }

  // A: every head (an encoder-decoder model without --target generates its output with every head
  // on, and both passes read that output); B: the same tokens with the heads switched off
  // --text A --text-pair B: a sentence pair (docs/reading.md), read by both passes with its token
  // types; --pair-filter keeps one text's queries and one text's keys in what is compared
  const std::string text = options.required("--text");
  const std::string target = options.value("--target").value_or("");
  const core::ModelInput input = text_pair ? core::prepare_pair_inputs(model, text, *text_pair, target, forward_options)
                                           : core::prepare_inputs(model, text, target, forward_options);
  forward_options.token_types = core::token_types_for(model, input.source);
  core::ComparedPass all{&model, input.source, input.target, forward_options};
  core::ComparedPass off = all;
  off.options.ablated_heads = heads;
  core::check_hide_tokens(reading.reading, std::vector<std::vector<std::string>>{input.source.tokens, input.target.tokens});
  const core::Comparison comparison =
      core::compare_passes(all, off, core::identity_alignment(input.source.size(), input.source.size()),
                           core::identity_alignment(input.target.size(), input.target.size()), top_k, reading);
  const core::Tokenizer& vocabulary = model.spec().has_decoder() ? model.target_tokenizer() : model.source_tokenizer();

  std::vector<std::string> names;
  nlohmann::json heads_json = nlohmann::json::array();
  for (const core::HeadRef& head : heads) {
    names.push_back(std::string(core::to_string(head.kind)) + ":" + std::to_string(head.layer) + "." +
                    std::to_string(head.head));
    heads_json.push_back({{"kind", core::to_string(head.kind)}, {"layer", head.layer}, {"head", head.head}});
  }
  if (format == "json") {
    nlohmann::json document = {{"model", model.spec().name},
                               {"heads_off", heads_json},
                               {"read", reading_json(comparison)},
                               {"attention_change", change_summary_json(comparison.difference)}};
    if (model.spec().has_encoder()) document["source_tokens"] = input.source.tokens;
    if (model.spec().has_decoder()) document["target_tokens"] = input.target.tokens;
    if (comparison.prediction)
      document["prediction"] = prediction_json(*comparison.prediction, vocabulary);
    else
      document["prediction_note"] = comparison.prediction_note;
    out << document.dump(2) << '\n';
    return 0;
  }
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  out << "heads off: " << joined << '\n';
  if (comparison.method != core::AttentionMethod::Raw || !comparison.reading.is_identity() || comparison.top_p > 0.0)
    out << reading_line(comparison) << '\n';
  if (comparison.prediction)
    print_prediction_table(out, *comparison.prediction, vocabulary, "every head", "heads off");
  else
    out << comparison.prediction_note << '\n';
  // raw α̂ cannot change before the heads' output is used; a method over outputs (value zeroing)
  // can change in the heads' own layer
  if (comparison.method == core::AttentionMethod::Raw)
    out << "largest |change of attention| per layer (a head's own layer and earlier ones stay 0):\n";
  else
    out << "largest |change of attention| per layer, as read:\n";
  for (const core::LayerDifference& layer : comparison.difference.layers) {
    char largest[32];
    std::snprintf(largest, sizeof largest, "%.6f", static_cast<double>(layer.largest));
    out << "  " << core::to_string(layer.kind) << " layer " << layer.layer << ": " << largest << '\n';
  }
  return 0;
}

}  // namespace cli
