#include "cli_diff.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "analysis/whatif/architecture_match.h"
#include "analysis/whatif/comparison.h"
#include "analysis/whatif/token_edit.h"
#include "cli_files.h"
#include "cli_model.h"
#include "cli_options.h"
#include "cli_whatif_output.h"
#include "io/atomic_file.h"
#include "io/npy.h"
#include "model/prepare_inputs.h"

namespace cli {

namespace {

// --edit mask:N | delete:N | replace:N=TEXT
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

// A value for a CSV cell: quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

struct Labels {
  std::vector<std::string> source;
  std::vector<std::string> target;
  const std::vector<std::string>& queries(core::AttentionKind kind) const {
    return kind == core::AttentionKind::EncoderSelf ? source : target;
  }
  const std::vector<std::string>& keys(core::AttentionKind kind) const {
    return kind == core::AttentionKind::DecoderSelf ? target : source;
  }
};

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
       "--compare-model", "--top", "--format", "--out", "--out-dir", "--precision", "--memory-budget"},
      {"--compare-pe"});
  int modes = 0;
  for (const char* flag : {"--edit", "--compare-text", "--compare-model", "--compare-pe"})
    modes += options.has(flag) ? 1 : 0;
  if (modes != 1) {
    throw UsageError("diff needs exactly one of --edit, --compare-text, --compare-model and --compare-pe");
  }
  if (options.has("--compare-target") && !options.has("--compare-text"))
    throw UsageError("--compare-target goes with --compare-text");
  if (options.has("--edit-side") && !options.has("--edit")) throw UsageError("--edit-side goes with --edit");
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
  std::optional<core::TokenEdit> edit;
  if (const auto text = options.value("--edit")) edit = parse_edit(*text);

  core::ForwardOptions forward_options;
  forward_options.precision = precision_option(options);
  forward_options.memory_budget = memory_budget_option(options);
  forward_options.attention = core::AttentionStorage::Dense;
  const std::string model_argument = options.required("--model");
  const core::Model model = open_model(model_argument);
  const std::string text = options.required("--text");
  const std::string target = options.value("--target").value_or("");
  const core::ModelInput input = core::prepare_inputs(model, text, target, forward_options);

  core::ComparedPass a{&model, input.source, input.target, forward_options};
  core::ComparedPass b = a;
  std::optional<core::Model> other;  // --compare-model's checkpoint
  std::string mode;
  std::string a_name = "A";
  std::string b_name = "B";
  core::TokenAlignment source_alignment = core::identity_alignment(input.source.size(), input.source.size());
  core::TokenAlignment target_alignment = core::identity_alignment(input.target.size(), input.target.size());
  if (edit) {
    mode = "edit";
    const std::string side = options.value("--edit-side").value_or(model.spec().has_encoder() ? "source" : "target");
    if (side != "source" && side != "target")
      throw UsageError("--edit-side takes source or target, not \"" + side + "\"");
    const bool on_source = side == "source";
    if (on_source && !model.spec().has_encoder()) throw UsageError("--edit-side source: the model has no encoder");
    if (!on_source && !model.spec().has_decoder()) throw UsageError("--edit-side target: the model has no decoder");
    const core::Tokenizer& tokenizer = on_source ? model.source_tokenizer() : model.target_tokenizer();
    const core::EditedTokens edited = core::apply_token_edit(tokenizer, on_source ? input.source : input.target, *edit);
    (on_source ? b.source : b.target) = edited.tokens;
    (on_source ? source_alignment : target_alignment) = core::alignment_from_origin(edited.origin);
    a_name = "as typed";
    b_name = std::string(core::to_string(edit->kind)) + " token " + std::to_string(edit->position);
  } else if (const auto second = options.value("--compare-text")) {
    mode = "sentences";
    const core::ModelInput other_input =
        core::prepare_inputs(model, *second, options.value("--compare-target").value_or(""), forward_options);
    b.source = other_input.source;
    b.target = other_input.target;
    source_alignment = core::align(a.source, b.source);
    target_alignment = core::align(a.target, b.target);
    a_name = "--text";
    b_name = "--compare-text";
  } else if (const auto folder = options.value("--compare-model")) {
    mode = "checkpoints";
    other.emplace(open_model(*folder));
    core::check_same_architecture(model.spec(), other->spec(), model_argument, *folder);
    // both read the same token ids (the first model's tokens; same architecture, same vocabulary
    // sizes), so every cell compares the same query and key
    b.model = &*other;
    a_name = model_argument;
    b_name = *folder;
  } else {
    mode = "pe";
    a.options.positional_encoding = false;
    a_name = "without positional encoding";
    b_name = "with positional encoding";
  }
  const core::Comparison comparison = core::compare_passes(a, b, source_alignment, target_alignment, top_k);
  const Labels labels{aligned_labels(source_alignment, a.source, b.source),
                      aligned_labels(target_alignment, a.target, b.target)};
  const core::Tokenizer& vocabulary = model.spec().has_decoder() ? model.target_tokenizer() : model.source_tokenizer();

  nlohmann::json document = {
      {"model", model.spec().name}, {"compare", mode}, {"a", a_name}, {"b", b_name}, {"difference", "b - a"}};
  const auto side_json = [](const core::Tokenization& x, const core::Tokenization& y,
                            const core::TokenAlignment& alignment, const std::vector<std::string>& aligned) {
    return nlohmann::json{{"a_tokens", x.tokens},
                          {"b_tokens", y.tokens},
                          {"a_positions", alignment.before},
                          {"b_positions", alignment.after},
                          {"labels", aligned}};
  };
  if (model.spec().has_encoder()) document["source"] = side_json(a.source, b.source, source_alignment, labels.source);
  if (model.spec().has_decoder()) document["target"] = side_json(a.target, b.target, target_alignment, labels.target);
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
                        {"query_labels", labels.queries(layer.kind)},
                        {"key_labels", labels.keys(layer.kind)},
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
      const std::vector<std::string>& queries = labels.queries(layer.kind);
      const std::vector<std::string>& keys = labels.keys(layer.kind);
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
                       {"query_labels", labels.queries(layer.kind)},
                       {"key_labels", labels.keys(layer.kind)}});
    }
    document["files"] = std::move(files);
    core::write_file_atomically(partial / "index.json", document.dump(2) + '\n');
  });
  return 0;
}

}  // namespace cli
