#include "python_heads.h"

#include <optional>

namespace py = pybind11;

namespace attnscope_python {

namespace {

struct MetricColumn {
  const char* name;
  std::optional<double> (*value)(const core::HeadMetrics&);
};

// In the order of the CLI's JSON keys and docs/head-metrics.md.
const MetricColumn metric_columns[] = {
    {"entropy", [](const core::HeadMetrics& m) { return std::optional<double>(m.entropy); }},
    {"entropy_normalized", [](const core::HeadMetrics& m) { return std::optional<double>(m.entropy_normalized); }},
    {"mean_distance", [](const core::HeadMetrics& m) { return m.mean_distance; }},
    {"mean_distance_normalized", [](const core::HeadMetrics& m) { return m.mean_distance_normalized; }},
    {"local_mass", [](const core::HeadMetrics& m) { return m.local_mass; }},
    {"previous_token", [](const core::HeadMetrics& m) { return m.previous_token; }},
    {"current_token", [](const core::HeadMetrics& m) { return m.current_token; }},
    {"next_token", [](const core::HeadMetrics& m) { return m.next_token; }},
    {"sink", [](const core::HeadMetrics& m) { return std::optional<double>(m.sink); }},
    {"sink_first", [](const core::HeadMetrics& m) { return std::optional<double>(m.sink_first); }},
    {"sink_special", [](const core::HeadMetrics& m) { return std::optional<double>(m.sink_special); }},
    {"confidence", [](const core::HeadMetrics& m) { return std::optional<double>(m.confidence); }},
};

}  // namespace

py::list head_rows(const core::HeadReport& report) {
  const core::HeadThresholds thresholds;
  py::list rows;
  for (const core::KindHeads& kind : report.kinds) {
    for (int layer = 0; layer < kind.layers; ++layer) {
      for (int head = 0; head < kind.heads; ++head) {
        const core::HeadMetrics& metrics = kind.at(layer, head);
        py::dict row;
        row["kind"] = core::to_string(kind.kind);
        row["layer"] = layer;
        row["head"] = head;
        row["class"] = core::to_string(core::classify_head(metrics, thresholds));
        for (const MetricColumn& column : metric_columns) {
          const std::optional<double> value = column.value(metrics);
          row[column.name] = value ? py::object(py::float_(*value)) : py::object(py::none());
        }
        if (metrics.induction) row["induction"] = *metrics.induction;
        rows.append(std::move(row));
      }
    }
  }
  return rows;
}

}  // namespace attnscope_python
