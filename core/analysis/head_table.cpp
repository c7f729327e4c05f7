#include "analysis/head_table.h"

#include <charconv>
#include <cmath>
#include <optional>

namespace core {

namespace {

struct MetricColumn {
  const char* name;
  std::optional<double> (*value)(const HeadMetrics&);
};

// The metric columns, in the order of `heads --format json` and docs/head-metrics.md.
const MetricColumn metric_columns[] = {
    {"entropy", [](const HeadMetrics& m) { return std::optional<double>(m.entropy); }},
    {"entropy_normalized", [](const HeadMetrics& m) { return std::optional<double>(m.entropy_normalized); }},
    {"mean_distance", [](const HeadMetrics& m) { return m.mean_distance; }},
    {"mean_distance_normalized", [](const HeadMetrics& m) { return m.mean_distance_normalized; }},
    {"local_mass", [](const HeadMetrics& m) { return m.local_mass; }},
    {"previous_token", [](const HeadMetrics& m) { return m.previous_token; }},
    {"current_token", [](const HeadMetrics& m) { return m.current_token; }},
    {"next_token", [](const HeadMetrics& m) { return m.next_token; }},
    {"sink", [](const HeadMetrics& m) { return std::optional<double>(m.sink); }},
    {"confidence", [](const HeadMetrics& m) { return std::optional<double>(m.confidence); }},
    {"induction", [](const HeadMetrics& m) { return m.induction; }},
};

// The columns before the metrics: which row this is.
const char* const key_columns[] = {"schema_version", "line",          "kind",          "layer",    "head",
                                   "class",          "source_tokens", "target_tokens", "truncated"};

// The shortest decimal text that reads back as value (std::to_chars), or "" when absent.
std::string number_text(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return {};
  char buffer[32];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof buffer, *value);
  return std::string(buffer, result.ptr);
}

}  // namespace

const std::vector<std::string>& head_table_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> names(std::begin(key_columns), std::end(key_columns));
    for (const MetricColumn& column : metric_columns) names.emplace_back(column.name);
    return names;
  }();
  return columns;
}

HeadTableWriter::HeadTableWriter(std::ostream& out, HeadTableFormat format, const HeadThresholds& thresholds)
    : m_out(out), m_format(format), m_thresholds(thresholds) {}

void HeadTableWriter::write(const HeadTableSentence& sentence, const HeadReport& report) {
  const bool csv = m_format == HeadTableFormat::Csv;
  const char* const truncated = sentence.truncated ? "true" : "false";
  for (const KindHeads& kind : report.kinds) {
    const char* const kind_name = to_string(kind.kind);
    for (int layer = 0; layer < kind.layers; ++layer) {
      for (int head = 0; head < kind.heads; ++head) {
        const HeadMetrics& metrics = kind.at(layer, head);
        const char* const head_class = to_string(classify_head(metrics, m_thresholds));
        // kind and class are fixed lower-case words: neither needs CSV quoting nor JSON escaping
        if (csv) {
          if (m_rows == 0) write_csv_header();
          m_out << head_table_schema_version << ',' << sentence.line << ',' << kind_name << ',' << layer << ','
                << head << ',' << head_class << ',' << sentence.source_tokens << ',' << sentence.target_tokens << ','
                << truncated;
          for (const MetricColumn& column : metric_columns) m_out << ',' << number_text(column.value(metrics));
        } else {
          m_out << "{\"schema_version\":" << head_table_schema_version << ",\"line\":" << sentence.line
                << ",\"kind\":\"" << kind_name << "\",\"layer\":" << layer << ",\"head\":" << head
                << ",\"class\":\"" << head_class << "\",\"source_tokens\":" << sentence.source_tokens
                << ",\"target_tokens\":" << sentence.target_tokens << ",\"truncated\":" << truncated;
          for (const MetricColumn& column : metric_columns) {
            const std::string text = number_text(column.value(metrics));
            m_out << ",\"" << column.name << "\":" << (text.empty() ? "null" : text);
          }
          m_out << '}';
        }
        m_out << '\n';
        ++m_rows;
      }
    }
  }
}

void HeadTableWriter::write_csv_header() {
  const std::vector<std::string>& columns = head_table_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) m_out << (i == 0 ? "" : ",") << columns[i];
  m_out << '\n';
}

}  // namespace core
