#include "analysis/reading/token_reading.h"

#include <algorithm>

#include "analysis/head_analysis.h"
#include "tensor/errors.h"

namespace core {

namespace {

bool hidden_by(const std::string& token, const ReadingOptions& options, WordMarkers markers) {
  if (options.hide_special && is_special_token(token)) return true;
  return std::any_of(options.hide_tokens.begin(), options.hide_tokens.end(),
                     [&](const std::string& wanted) { return token_matches(token, wanted, markers); });
}

}  // namespace

bool token_matches(const std::string& token, const std::string& wanted, WordMarkers markers) {
  if (token == wanted) return true;
  const std::string one[] = {token};
  return word_groups(one, markers).labels.front() == wanted;
}

ReadingAxis reading_axis(std::span<const std::string> tokens, const ReadingOptions& options,
                         std::span<const int> sequence_ids, int segment) {
  if (segment >= 0 && sequence_ids.size() != tokens.size()) {
    throw InputError("the A/B filter needs a text pair (text A and text B)");
  }
  const WordMarkers markers = detect_word_markers(tokens);
  ReadingAxis axis;
  axis.hidden.resize(tokens.size());
  axis.filtered.resize(tokens.size());
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    axis.hidden[t] = hidden_by(tokens[t], options, markers);
    axis.filtered[t] = segment >= 0 && sequence_ids[t] != segment;
  }
  const TokenGroups groups = options.words ? word_groups(tokens, markers) : single_tokens(tokens);
  for (int g = 0; g < groups.size(); ++g) {
    std::vector<int> members;
    for (int t = groups.start(g); t < groups.end(g); ++t) {
      if (!axis.hidden[static_cast<std::size_t>(t)] && !axis.filtered[static_cast<std::size_t>(t)]) members.push_back(t);
    }
    if (members.empty()) continue;
    // a word that lost a piece is labelled by the pieces it kept
    std::string label = groups.labels[static_cast<std::size_t>(g)];
    if (static_cast<int>(members.size()) < groups.end(g) - groups.start(g)) {
      std::vector<std::string> kept;
      for (const int t : members) kept.push_back(tokens[static_cast<std::size_t>(t)]);
      label = word_groups(kept, markers).labels.front();
    }
    axis.members.push_back(std::move(members));
    axis.labels.push_back(std::move(label));
  }
  return axis;
}

void check_hide_tokens(const ReadingOptions& options, std::span<const std::vector<std::string>> sequences) {
  for (const std::string& wanted : options.hide_tokens) {
    if (wanted.empty()) throw InputError("the token to hide is empty");
    bool found = false;
    std::string listed;
    for (const std::vector<std::string>& tokens : sequences) {
      const WordMarkers markers = detect_word_markers(tokens);
      for (const std::string& token : tokens) {
        if (token_matches(token, wanted, markers)) found = true;
        listed += (listed.empty() ? "" : " ") + token;
      }
    }
    if (!found) throw InputError("token to hide \"" + wanted + "\" is not in the text (its tokens: " + listed + ")");
  }
}

RowMatrix read_matrix(const RowMatrix& m, const ReadingAxis& queries, const ReadingAxis& keys) {
  if (m.rows() != queries.token_count() || m.cols() != keys.token_count()) {
    throw InputError("cannot read a " + std::to_string(m.rows()) + " × " + std::to_string(m.cols()) +
                     " attention matrix over " + std::to_string(queries.token_count()) + " query and " +
                     std::to_string(keys.token_count()) + " key tokens");
  }
  // s_i = Σ_j M_{i,j} / Σ_{j ∉ H} M_{i,j}: each row keeps its total once the hidden keys are gone
  std::vector<double> scale(static_cast<std::size_t>(m.rows()), 0.0);
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    double total = 0.0;
    double kept = 0.0;
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      total += m(i, j);
      if (!keys.hidden[static_cast<std::size_t>(j)]) kept += m(i, j);
    }
    scale[static_cast<std::size_t>(i)] = kept != 0.0 ? total / kept : 0.0;
  }
  RowMatrix read(queries.size(), keys.size());
  for (int big_i = 0; big_i < queries.size(); ++big_i) {
    const std::vector<int>& rows = queries.members[static_cast<std::size_t>(big_i)];
    for (int big_j = 0; big_j < keys.size(); ++big_j) {
      // W(I, J) = 1/|I| Σ_{i ∈ I} Σ_{j ∈ J} s_i M_{i,j}
      double sum = 0.0;
      for (const int i : rows) {
        double row_sum = 0.0;
        for (const int j : keys.members[static_cast<std::size_t>(big_j)]) row_sum += m(i, j);
        sum += scale[static_cast<std::size_t>(i)] * row_sum;
      }
      read(big_i, big_j) = static_cast<float>(sum / static_cast<double>(rows.size()));
    }
  }
  return read;
}

}  // namespace core
