#include "cli_heads.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_files.h"
#include "cli_head_rows.h"
#include "cli_model.h"
#include "io/atomic_file.h"
#include "cli_options.h"
#include "cli_progress.h"
#include "cli_reading.h"
#include "families/load_model.h"
#include "tensor/errors.h"
#include "analysis/head_analysis.h"
#include "analysis/corpus_notes.h"
#include "analysis/reading/read_report.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "model/model.h"

namespace cli {

namespace {

struct Column {
  const char* name;
  const char* short_name;  // the table's header
  std::optional<double> (*value)(const core::HeadMetrics&);
};

// The metric columns, in the order of the JSON keys and docs/head-metrics.md.
const Column metric_columns[] = {
    {"entropy", "entropy", [](const core::HeadMetrics& m) { return std::optional<double>(m.entropy); }},
    {"entropy_normalized", "ent/ln n", [](const core::HeadMetrics& m) { return std::optional<double>(m.entropy_normalized); }},
    {"mean_distance", "distance", [](const core::HeadMetrics& m) { return m.mean_distance; }},
    {"mean_distance_normalized", "dist/unif", [](const core::HeadMetrics& m) { return m.mean_distance_normalized; }},
    {"local_mass", "local", [](const core::HeadMetrics& m) { return m.local_mass; }},
    {"previous_token", "previous", [](const core::HeadMetrics& m) { return m.previous_token; }},
    {"current_token", "current", [](const core::HeadMetrics& m) { return m.current_token; }},
    {"next_token", "next", [](const core::HeadMetrics& m) { return m.next_token; }},
    {"sink", "sink", [](const core::HeadMetrics& m) { return std::optional<double>(m.sink); }},
    {"sink_first", "sink 1st", [](const core::HeadMetrics& m) { return std::optional<double>(m.sink_first); }},
    {"sink_special", "sink spec", [](const core::HeadMetrics& m) { return std::optional<double>(m.sink_special); }},
    {"confidence", "confidence", [](const core::HeadMetrics& m) { return std::optional<double>(m.confidence); }},
    {"induction", "induction", [](const core::HeadMetrics& m) { return m.induction; }},
};

std::string number(std::optional<double> value, const char* absent) {
  if (!value) return absent;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", *value);
  return buffer;
}

int parse_window(const Options& options) {
  const auto value = options.value("--window");
  if (!value) return core::HeadMetricOptions{}.local_window;
  const std::vector<int> parsed = parse_id_list("--window", *value);
  if (parsed.size() != 1 || parsed.front() < 0) throw UsageError("--window takes one number ≥ 0");
  return parsed.front();
}

// The metrics of one text or averaged over a corpus, as a table, CSV or one JSON array.
void print_heads(const Options& options, const std::string& format, const core::HeadMetricOptions& metric_options,
                 core::ForwardOptions forward_options, std::ostream& out) {
  const core::Model model = open_model(options.required("--model"), memory_budget_option(options));
  core::HeadReport report;
  if (const auto corpus = options.value("--corpus")) {
    const std::vector<std::string> lines = core::read_corpus_lines(*corpus);
    core::CorpusReading reading(reading_option(options));
    // each line cut to the model's maximum or skipped is named, as search, qk-map and --per-sentence name it
    const core::CorpusLineNote note = [&corpus](long long line, const std::string& text) {
      std::cerr << "note: " << *corpus << ':' << line << ": " << text << '\n';
    };
    report = core::analyze_corpus_noted(model, lines, reading, note, metric_options, forward_options);
    if (report.inputs == 0) throw core::InputError(*corpus + ": no line could be read as an input");
    reading.check_tokens_found(*corpus);
    if (report.skipped > 0) std::cerr << "note: skipped " << report.skipped << " blank or unusable line(s)\n";
  } else {
    const std::string target = options.value("--target").value_or("");
    const core::ModelInput input =
        options.has("--text-pair")
            ? core::prepare_pair_inputs(model, options.required("--text"), *options.value("--text-pair"), target, forward_options)
            : core::prepare_inputs(model, options.required("--text"), target, forward_options);

    ProgressLine progress("heads");
    forward_options.progress = progress.forward_callback();
    core::ForwardOptions pass = forward_options;
    pass.token_types = core::token_types_for(model, input.source);  // a BERT pair's text B: type 1
    const core::ForwardResult result = core::forward(model, input.source.ids, input.target.ids, pass);
    forward_options.progress = {};
    // the metrics of the matrices read as text: positions count words (or kept tokens), and a
    // special token is a sink only while it is shown (docs/reading.md)
    report = core::analyze_read_trace(result.trace, input.source, input.target, reading_option(options), metric_options);
  }
  core::add_induction_scores(report, core::induction_scores(model, forward_options));

  const core::HeadThresholds thresholds;
  if (format == "json") {
    nlohmann::json heads = nlohmann::json::array();
    for (const core::KindHeads& kind : report.kinds) {
      for (int layer = 0; layer < kind.layers; ++layer) {
        for (int head = 0; head < kind.heads; ++head) {
          const core::HeadMetrics& metrics = kind.at(layer, head);
          nlohmann::json entry = {{"kind", core::to_string(kind.kind)},
                                  {"layer", layer},
                                  {"head", head},
                                  {"class", core::to_string(core::classify_head(metrics, thresholds))}};
          for (const Column& column : metric_columns) {
            const std::optional<double> value = column.value(metrics);
            if (value) entry[column.name] = *value;
            else if (std::string(column.name) != "induction") entry[column.name] = nullptr;
          }
          heads.push_back(std::move(entry));
        }
      }
    }
    out << heads.dump(2) << '\n';
    return;
  }
  const bool csv = format == "csv";
  if (csv) {
    out << "kind,layer,head,class";
    for (const Column& column : metric_columns) out << ',' << column.name;
    out << '\n';
  } else {
    out << std::left << std::setw(14) << "kind" << std::setw(6) << "layer" << std::setw(5) << "head" << std::setw(11)
        << "class";
    for (const Column& column : metric_columns) out << ' ' << std::setw(10) << column.short_name;
    out << '\n';
  }
  for (const core::KindHeads& kind : report.kinds) {
    for (int layer = 0; layer < kind.layers; ++layer) {
      for (int head = 0; head < kind.heads; ++head) {
        const core::HeadMetrics& metrics = kind.at(layer, head);
        const char* head_class = core::to_string(core::classify_head(metrics, thresholds));
        if (csv) {
          out << core::to_string(kind.kind) << ',' << layer << ',' << head << ',' << head_class;
          for (const Column& column : metric_columns) out << ',' << number(column.value(metrics), "");
        } else {
          out << std::left << std::setw(14) << core::to_string(kind.kind) << std::setw(6) << layer << std::setw(5) << head
              << std::setw(11) << head_class;
          for (const Column& column : metric_columns) out << ' ' << std::setw(10) << number(column.value(metrics), "-");
        }
        out << '\n';
      }
    }
  }
  if (!csv && report.inputs > 1) out << "averaged over " << report.inputs << " inputs\n";
}

}  // namespace

int run_heads(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments, {"--model", "--text", "--target", "--corpus", "--format", "--window", "--precision",
                         "--memory-budget", "--out", "--attention", "--hide-token", "--text-pair"},
                        {"--no-pe", "--per-sentence", "--words", "--hide-special"});
  const bool per_sentence = options.has("--per-sentence");
  const std::string format = options.value("--format").value_or(per_sentence ? "csv" : "table");
  if (per_sentence) {
    if (format != "csv" && format != "jsonl") throw UsageError("--per-sentence writes csv or jsonl, not \"" + format + "\"");
    if (!options.has("--corpus")) throw UsageError("--per-sentence goes with --corpus FILE");
  } else if (format == "jsonl") {
    throw UsageError("--format jsonl writes one row per sentence: add --per-sentence (with --corpus)");
  } else if (format != "table" && format != "csv" && format != "json") {
    throw UsageError("--format takes table, csv or json (jsonl with --per-sentence), not \"" + format + "\"");
  }
  if (options.has("--text") == options.has("--corpus")) throw UsageError("give --text or --corpus (one of them)");
  if (options.has("--corpus") && options.has("--text-pair")) {
    throw UsageError("--text-pair goes with --text, not --corpus (a corpus line is one text, or source<TAB>target)");
  }
  if (options.has("--target") && options.has("--corpus")) {
    throw UsageError("--target goes with --text; a corpus line gives its target after a tab");
  }
  core::ForwardOptions forward_options;
  forward_options.positional_encoding = !options.has("--no-pe");
  forward_options.precision = precision_option(options);
  forward_options.memory_budget = memory_budget_option(options);
  forward_options.attention = attention_option(options);
  core::HeadMetricOptions metric_options;
  metric_options.local_window = parse_window(options);
  if (per_sentence) {
    const core::HeadTableFormat table_format =
        format == "csv" ? core::HeadTableFormat::Csv : core::HeadTableFormat::JsonLines;
    return write_head_rows(options.required("--model"), options.required("--corpus"), table_format, metric_options,
                           forward_options, options.value("--out"), out, reading_option(options));
  }
  // The whole output is small (one line per head): composed, then printed or written atomically.
  std::ostringstream text;
  print_heads(options, format, metric_options, forward_options, text);
  if (const auto path = options.value("--out")) core::write_file_atomically(*path, text.str());
  else out << text.str();
  return 0;
}

}  // namespace cli
