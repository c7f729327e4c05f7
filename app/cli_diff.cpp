#include "cli_diff.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "analysis/reading/token_reading.h"
#include "analysis/whatif/architecture_match.h"
#include "analysis/whatif/comparison.h"
#include "analysis/whatif/token_edit.h"
#include "cli_edits.h"
#include "cli_files.h"
#include "cli_model.h"
#include "cli_options.h"
#include "cli_whatif_output.h"
#include "io/atomic_file.h"
#include "io/npy.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"

namespace cli {

namespace {

// A value for a CSV cell: quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The labels of kind's rows (queries) or columns (keys) in the difference: one per matched pair of
// entries, each pass's entries as it was read (tokens; words and kept tokens with a reading).
std::vector<std::string> entry_labels(const core::Comparison& comparison, core::AttentionKind kind, bool queries) {
  const auto axis = [&](const core::PassAxes& axes) -> const core::ReadingAxis& {
    if (queries) return kind == core::AttentionKind::EncoderSelf ? axes.source_queries : axes.target_queries;
    return kind == core::AttentionKind::DecoderSelf ? axes.target_keys : axes.source_keys;
  };
  const core::TokenAlignment& alignment =
      queries ? core::query_alignment(comparison.difference, kind) : core::key_alignment(comparison.difference, kind);
  return aligned_labels(alignment, axis(comparison.before_axes).labels, axis(comparison.after_axes).labels);
}

nlohmann::json matrices_json(const core::LayerDifference& layer) {
  nlohmann::json heads = nlohmann::json::array();
  for (const core::RowMatrix& d : layer.heads) {
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index m = 0; m < d.rows(); ++m) {
      std::vector<float> row(d.row(m).data(), d.row(m).data() + d.cols());
      rows.push_back(row);
    }
    heads.push_back(std::move(rows));
  }
  return heads;
}

}  // namespace

int run_diff(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(
      arguments,
      {"--model", "--text", "--target", "--edit", "--edit-side", "--compare-text", "--compare-target",
       "--compare-model", "--top", "--format", "--out", "--out-dir", "--precision", "--memory-budget", "--method",
       "--hide-token", "--top-p", "--text-pair", "--pair-filter", "--compare-text-pair"},
      {"--compare-pe", "--words", "--hide-special"});
  int modes = 0;
  for (const char* flag : {"--edit", "--compare-text", "--compare-model", "--compare-pe"})
    modes += options.has(flag) ? 1 : 0;
  if (modes != 1) {
    throw UsageError("diff needs exactly one of --edit, --compare-text, --compare-model and --compare-pe");
  }
  if (options.has("--compare-target") && !options.has("--compare-text"))
    throw UsageError("--compare-target goes with --compare-text");
  // --text A --text-pair B: a sentence pair in both passes (its token types go with its tokens)
  const std::optional<std::string> text_pair = options.value("--text-pair");
  if (options.has("--pair-filter") && !text_pair) throw UsageError("--pair-filter goes with --text-pair");
  // two sentence pairs are compared text by text (core::align); a pair and one text have no texts
  // to match, so either both inputs are pairs or neither is
  const std::optional<std::string> compare_pair = options.value("--compare-text-pair");
  if (compare_pair && !options.has("--compare-text")) throw UsageError("--compare-text-pair goes with --compare-text");
  if (compare_pair && !text_pair) {
    throw UsageError("--compare-text-pair needs --text-pair: a sentence pair is compared with another pair, text A "
                     "with text A and text B with text B");
  }
  if (text_pair && options.has("--compare-text") && !compare_pair) {
    throw UsageError("--text-pair with --compare-text needs --compare-text-pair: a sentence pair is compared with "
                     "another pair, text A with text A and text B with text B");
  }
  const std::string format = options.value("--format").value_or("json");
  if (format != "json" && format != "csv" && format != "npy") {
    throw UsageError("--format takes json, csv or npy, not \"" + format + "\"");
  }
  const bool npy = format == "npy";
  if (npy && !options.has("--out-dir")) throw UsageError("--format npy needs --out-dir DIR");
  if (!npy && options.has("--out-dir")) throw UsageError("--out-dir goes with --format npy");
  if (npy && options.has("--out")) throw UsageError("--out writes one file; with --format npy give --out-dir DIR");
  if (npy) require_new_or_empty_folder(options.required("--out-dir"));
  int top_k = 5;
  if (const auto top = options.value("--top")) {
    const std::vector<int> parsed = parse_int_list("--top", *top, "count");
    if (parsed.size() != 1 || parsed.front() < 1) throw UsageError("--top takes one number ≥ 1");
    top_k = parsed.front();
  }
  // before the model is read: a mistyped --edit, method or reading is a usage mistake
  for (const std::string& text : options.all("--edit")) parse_edit(text);
  // both passes read alike before they are subtracted, as dump reads one (docs/reading.md)
  core::ComparisonReading reading = comparison_reading_option(options);

  core::ForwardOptions forward_options;
  forward_options.precision = precision_option(options);
  forward_options.memory_budget = memory_budget_option(options);
  forward_options.attention = core::AttentionStorage::Dense;
  const std::string model_argument = options.required("--model");
  const core::Model model = open_model(model_argument, forward_options.memory_budget);
  const std::string text = options.required("--text");
  const std::string target = options.value("--target").value_or("");
  const core::ModelInput input = text_pair ? core::prepare_pair_inputs(model, text, *text_pair, target, forward_options)
                                           : core::prepare_inputs(model, text, target, forward_options);
  const core::InputEdits edits = edits_option(options, model.spec());
  forward_options.token_types = core::token_types_for(model, input.source);

  core::ComparedPass a{&model, input.source, input.target, forward_options};
  core::ComparedPass b = a;
  std::optional<core::Model> other;  // --compare-model's checkpoint
  std::string mode;
  std::string a_name = "A";
  std::string b_name = "B";
  core::TokenAlignment source_alignment = core::identity_alignment(input.source.size(), input.source.size());
  core::TokenAlignment target_alignment = core::identity_alignment(input.target.size(), input.target.size());
  if (!edits.empty()) {
    mode = "edit";
    // every edit in turn, positions in the tokens as typed; a target generated from the edited
    // source (as the app does), aligned with A's by LCS
    const core::EditedInput edited =
        core::prepare_edited_inputs(model, text, text_pair.value_or(""), target, edits, forward_options);
    b.source = edited.input.source;
    b.target = edited.input.target;
    b.options.token_types = core::token_types_for(model, b.source);  // an edited pair's types follow its tokens
    source_alignment = core::alignment_from_origin(edited.source_origin);
    target_alignment = edited.typed_target.ids == input.target.ids ? core::alignment_from_origin(edited.target_origin)
                                                                  : core::align(a.target, b.target);
    a_name = "as typed";
    std::string names;
    for (const std::vector<core::TokenEdit>* side : {&edits.source, &edits.target}) {
      for (const core::TokenEdit& edit : *side) {
        names += (names.empty() ? "" : ", ") + std::string(core::to_string(edit.kind)) + " token " +
                 std::to_string(edit.position);
      }
    }
    b_name = names;
  } else if (const auto second = options.value("--compare-text")) {
    mode = "sentences";
    const std::string second_target = options.value("--compare-target").value_or("");
    const core::ModelInput other_input =
        compare_pair ? core::prepare_pair_inputs(model, *second, *compare_pair, second_target, forward_options)
                     : core::prepare_inputs(model, *second, second_target, forward_options);
    b.source = other_input.source;
    b.target = other_input.target;
    b.options.token_types = core::token_types_for(model, b.source);  // the second pair's text B: type 1
    source_alignment = core::align(a.source, b.source);
    target_alignment = core::align(a.target, b.target);
    a_name = "--text";
    b_name = "--compare-text";
  } else if (const auto folder = options.value("--compare-model")) {
    mode = "checkpoints";
    other.emplace(open_model(*folder, forward_options.memory_budget));
    core::check_same_architecture(model.spec(), other->spec(), model_argument, *folder);
    // both read the same token ids (the first model's tokens; same architecture, same vocabulary
    // sizes), so every cell compares the same query and key
    b.model = &*other;
    b.options.token_types = core::token_types_for(*other, b.source);
    a_name = model_argument;
    b_name = *folder;
  } else {
    mode = "pe";
    a.options.positional_encoding = false;
    a_name = "without positional encoding";
    b_name = "with positional encoding";
  }
  // a token to hide that neither pass has is a mistake, as in dump
  core::check_hide_tokens(reading.reading, std::vector<std::vector<std::string>>{a.source.tokens, a.target.tokens,
                                                                                 b.source.tokens, b.target.tokens});
  // a method that fails on one pass names it: "value zeroing cannot be computed for B (…): …"
  reading.before_name = "A (" + a_name + ")";
  reading.after_name = "B (" + b_name + ")";
  const core::Comparison comparison = core::compare_passes(a, b, source_alignment, target_alignment, top_k, reading);
  const core::Tokenizer& vocabulary = model.spec().has_decoder() ? model.target_tokenizer() : model.source_tokenizer();

  nlohmann::json document = {{"model", model.spec().name}, {"compare", mode},        {"a", a_name},
                              {"b", b_name},               {"difference", "b - a"}, {"read", reading_json(comparison)}};
  if (!edits.empty()) document["edits"] = edits_json(edits);
  // the tokens and their alignment (the entries the layers' labels name are read from them)
  const auto side_json = [](const core::Tokenization& x, const core::Tokenization& y,
                            const core::TokenAlignment& alignment) {
    return nlohmann::json{{"a_tokens", x.tokens},
                          {"b_tokens", y.tokens},
                          {"a_positions", alignment.before},
                          {"b_positions", alignment.after},
                          {"labels", aligned_labels(alignment, x.tokens, y.tokens)}};
  };
  if (model.spec().has_encoder()) document["source"] = side_json(a.source, b.source, source_alignment);
  if (model.spec().has_decoder()) document["target"] = side_json(a.target, b.target, target_alignment);
  if (comparison.prediction)
    document["prediction"] = prediction_json(*comparison.prediction, vocabulary);
  else
    document["prediction_note"] = comparison.prediction_note;

  if (format == "json") {
    nlohmann::json layers = nlohmann::json::array();
    for (const core::LayerDifference& layer : comparison.difference.layers) {
      layers.push_back({{"kind", core::to_string(layer.kind)},
                        {"layer", layer.layer},
                        {"largest", layer.largest},
                        {"query_labels", entry_labels(comparison, layer.kind, true)},
                        {"key_labels", entry_labels(comparison, layer.kind, false)},
                        {"heads", matrices_json(layer)}});
    }
    document["layers"] = std::move(layers);
    const std::string written = document.dump(2) + '\n';
    if (const auto file = options.value("--out"))
      core::write_file_atomically(*file, written);
    else
      out << written;
    return 0;
  }
  if (format == "csv") {
    // one row per cell: kind,layer,head,query,key,difference (labels as aligned_labels gives them)
    std::ostringstream csv;
    csv << "kind,layer,head,query,key,difference\n";
    for (const core::LayerDifference& layer : comparison.difference.layers) {
      const std::vector<std::string> queries = entry_labels(comparison, layer.kind, true);
      const std::vector<std::string> keys = entry_labels(comparison, layer.kind, false);
      for (std::size_t h = 0; h < layer.heads.size(); ++h) {
        const core::RowMatrix& d = layer.heads[h];
        for (Eigen::Index m = 0; m < d.rows(); ++m) {
          for (Eigen::Index n = 0; n < d.cols(); ++n) {
            csv << core::to_string(layer.kind) << ',' << layer.layer << ',' << h << ','
                << csv_cell(queries[static_cast<std::size_t>(m)]) << ',' << csv_cell(keys[static_cast<std::size_t>(n)])
                << ',' << d(m, n) << '\n';
          }
        }
      }
    }
    if (const auto file = options.value("--out"))
      core::write_file_atomically(*file, csv.str());
    else
      out << csv.str();
    return 0;
  }
  // npy: <kind>_layer_<L>_difference.npy, float32 [head][query][key], and index.json
  write_folder_atomically(options.required("--out-dir"), [&](const std::filesystem::path& partial) {
    nlohmann::json files = nlohmann::json::array();
    for (const core::LayerDifference& layer : comparison.difference.layers) {
      const std::string name =
          std::string(core::to_string(layer.kind)) + "_layer_" + std::to_string(layer.layer) + "_difference.npy";
      core::write_file_atomically(partial / name, core::npy_float32(layer.heads));
      const Eigen::Index rows = layer.heads.empty() ? 0 : layer.heads.front().rows();
      const Eigen::Index cols = layer.heads.empty() ? 0 : layer.heads.front().cols();
      files.push_back({{"file", name},
                       {"kind", core::to_string(layer.kind)},
                       {"layer", layer.layer},
                       {"shape", nlohmann::json::array({static_cast<int>(layer.heads.size()), rows, cols})},
                       {"query_labels", entry_labels(comparison, layer.kind, true)},
                       {"key_labels", entry_labels(comparison, layer.kind, false)}});
    }
    document["files"] = std::move(files);
    core::write_file_atomically(partial / "index.json", document.dump(2) + '\n');
  });
  return 0;
}

}  // namespace cli
