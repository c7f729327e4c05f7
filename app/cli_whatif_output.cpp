#include "cli_whatif_output.h"

#include <cstdio>

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

}  // namespace

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
