#include "cli_whatif_output.h"

#include <cstdio>

#include "analysis/methods/attention_method.h"
#include "cli_reading.h"
#include "cli_table_text.h"

namespace cli {

namespace {

std::string token_text(const core::Tokenizer& vocabulary, int id) {
  return id < vocabulary.vocab_size() ? vocabulary.token(id) : "<id " + std::to_string(id) + ">";
}

std::string number(double value, const char* format) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// "AB": text A's queries, text B's keys; "" without a filter (either side may be unfiltered: "·B").
std::string pair_filter_name(const core::ReadingOptions& reading) {
  if (reading.query_segment < 0 && reading.key_segment < 0) return {};
  const auto text = [](int segment) { return segment < 0 ? std::string("·") : std::string(1, static_cast<char>('A' + segment)); };
  return text(reading.query_segment) + text(reading.key_segment);
}

}  // namespace

core::ComparisonReading comparison_reading_option(const Options& options) {
  core::ComparisonReading reading;
  const std::string method_name = options.value("--method").value_or("raw");
  const std::optional<core::AttentionMethod> method = core::parse_attention_method(method_name);
  if (!method) throw UsageError("--method takes " + core::attention_method_names() + ", not \"" + method_name + "\"");
  reading.method = *method;
  reading.reading = reading_option(options);
  reading.top_p = top_p_option(options).value_or(0.0);
  return reading;
}

nlohmann::json reading_json(const core::Comparison& comparison) {
  nlohmann::json read = {{"method", core::to_string(comparison.method)},
                         {"words", comparison.reading.words},
                         {"hide_special", comparison.reading.hide_special},
                         {"hide_tokens", comparison.reading.hide_tokens},
                         {"top_p", comparison.top_p > 0.0 ? nlohmann::json(comparison.top_p) : nlohmann::json(nullptr)}};
  // a text pair's A/B filter (ablate --pair-filter), only when one is set
  if (const std::string filter = pair_filter_name(comparison.reading); !filter.empty()) read["pair_filter"] = filter;
  return read;
}

std::string reading_line(const core::Comparison& comparison) {
  std::string line = "read: " + std::string(core::to_string(comparison.method));
  if (comparison.reading.words) line += ", words";
  if (comparison.reading.hide_special) line += ", special tokens hidden";
  for (const std::string& token : comparison.reading.hide_tokens) line += ", \"" + token + "\" hidden";
  if (comparison.top_p > 0.0) line += ", top-p " + number(comparison.top_p, "%g");
  if (const std::string filter = pair_filter_name(comparison.reading); !filter.empty()) line += ", pair " + filter;
  return line;
}

std::vector<std::string> aligned_labels(const core::TokenAlignment& alignment, const std::vector<std::string>& a,
                                        const std::vector<std::string>& b) {
  std::vector<std::string> labels;
  for (std::size_t m = 0; m < alignment.size(); ++m) {
    const int i = alignment.before[m];
    const int j = alignment.after[m];
    const std::string& x = a.at(static_cast<std::size_t>(i));
    const std::string& y = b.at(static_cast<std::size_t>(j));
    const std::string p = std::to_string(i);
    const std::string q = std::to_string(j);
    if (i == j)
      labels.push_back(x == y ? p + ":" + x : p + ":" + x + "→" + y);
    else
      labels.push_back(x == y ? p + "→" + q + ":" + x : p + ":" + x + "→" + q + ":" + y);
  }
  return labels;
}

nlohmann::json prediction_json(const core::PredictionChange& change, const core::Tokenizer& vocabulary) {
  nlohmann::json top = nlohmann::json::array();
  for (const core::TokenProbabilityChange& row : change.top) {
    top.push_back({{"id", row.id},
                   {"token", token_text(vocabulary, row.id)},
                   {"before", row.before},
                   {"after", row.after},
                   {"delta", row.delta}});
  }
  return {{"kl_divergence", change.kl_divergence},
          {"top_before", {{"id", change.top_before}, {"token", token_text(vocabulary, change.top_before)}}},
          {"top_after", {{"id", change.top_after}, {"token", token_text(vocabulary, change.top_after)}}},
          {"top", top}};
}

void print_prediction_table(std::ostream& out, const core::PredictionChange& change, const core::Tokenizer& vocabulary,
                            const std::string& before_name, const std::string& after_name) {
  out << "next token: P = " << before_name << ", Q = " << after_name << "\n";
  out << "KL(P || Q) = " << number(change.kl_divergence, "%.6g") << " nats\n";
  out << padded("rank", 6) << padded("token", 16) << padded("P", 10) << padded("Q", 10) << "delta\n";
  for (std::size_t r = 0; r < change.top.size(); ++r) {
    const core::TokenProbabilityChange& row = change.top[r];
    out << padded(std::to_string(r + 1), 6) << padded(printable(token_text(vocabulary, row.id)), 16)
        << padded(number(row.before, "%.4f"), 10) << padded(number(row.after, "%.4f"), 10) << number(row.delta, "%+.4f")
        << '\n';
  }
}

nlohmann::json change_summary_json(const core::AttentionDifference& difference) {
  nlohmann::json layers = nlohmann::json::array();
  for (const core::LayerDifference& layer : difference.layers) {
    std::vector<float> heads;
    for (const core::RowMatrix& d : layer.heads) heads.push_back(d.size() > 0 ? d.cwiseAbs().maxCoeff() : 0.0f);
    layers.push_back(
        {{"kind", core::to_string(layer.kind)}, {"layer", layer.layer}, {"largest", layer.largest}, {"heads", heads}});
  }
  return layers;
}

}  // namespace cli
