#include "cli_lens.h"

#include <cstdio>
#include <optional>
#include <nlohmann/json.hpp>

#include "analysis/methods/logit_lens.h"
#include "cli_model.h"
#include "cli_options.h"
#include "cli_table_text.h"
#include "families/load_model.h"
#include "model/model.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"

namespace cli {

namespace {

std::string row_name(int row) {
  return row == 0 ? "embeddings" : "layer " + std::to_string(row);
}

int parse_top(const Options& options) {
  const auto value = options.value("--top");
  if (!value) return 1;
  const std::vector<int> parsed = parse_int_list("--top", *value, "count");
  if (parsed.size() != 1 || parsed.front() < 1) throw UsageError("--top takes one number ≥ 1");
  return parsed.front();
}

}  // namespace

int run_lens(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(
      arguments, {"--model", "--text", "--target", "--top", "--format", "--precision", "--memory-budget", "--text-pair"},
      {"--no-pe"});
  const std::string format = options.value("--format").value_or("table");
  if (format != "table" && format != "json") throw UsageError("--format takes table or json, not \"" + format + "\"");
  core::LensOptions lens_options;
  lens_options.top_k = parse_top(options);
  core::ForwardOptions forward_options;
  forward_options.positional_encoding = !options.has("--no-pe");
  forward_options.precision = precision_option(options);
  forward_options.memory_budget = memory_budget_option(options);
  const core::Model model = open_model(options.required("--model"), memory_budget_option(options));
  const core::AttentionKind stack = core::lens_stack(model.spec());  // no output head: said before any work
  // --text A --text-pair B: a sentence pair (BERT's masked-LM head then reads B with token type 1)
  const std::string text = options.required("--text");
  const std::string target = options.value("--target").value_or("");
  const std::optional<std::string> text_pair = options.value("--text-pair");
  const core::ModelInput input = text_pair ? core::prepare_pair_inputs(model, text, *text_pair, target, forward_options)
                                           : core::prepare_inputs(model, text, target, forward_options);
  forward_options.token_types = core::token_types_for(model, input.source);
  const core::LogitLens lens =
      core::logit_lens(model, input.source.ids, input.target.ids, lens_options, forward_options);

  const bool decoder = stack == core::AttentionKind::DecoderSelf;
  const core::Tokenization& tokens = decoder ? input.target : input.source;
  const core::Tokenizer& vocabulary = decoder ? model.target_tokenizer() : model.source_tokenizer();
  // the predicted token's text; an id past the tokenizer's vocabulary (a padded table) by number
  const auto token_text = [&](int id) {
    return id < vocabulary.vocab_size() ? vocabulary.token(id) : "<id " + std::to_string(id) + ">";
  };

  if (format == "json") {
    nlohmann::json grid = nlohmann::json::array();
    for (std::size_t r = 0; r < lens.rows.size(); ++r) {
      nlohmann::json row = nlohmann::json::array();
      for (std::size_t c = 0; c < lens.positions.size(); ++c) {
        nlohmann::json cell = nlohmann::json::array();
        for (const core::LensPrediction& p : lens.at(r, c)) {
          cell.push_back({{"id", p.id}, {"token", token_text(p.id)}, {"probability", p.probability}});
        }
        row.push_back(std::move(cell));
      }
      grid.push_back(std::move(row));
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const int row : lens.rows) rows.push_back(row_name(row));
    const nlohmann::json document = {{"model", model.spec().name},
                                     {"method", "logit-lens"},
                                     {"stack", decoder ? "decoder" : "encoder"},
                                     {"rows", rows},
                                     {"tokens", tokens.tokens},
                                     {"ids", tokens.ids},
                                     {"top", grid}};
    out << document.dump(2) << '\n';
    return 0;
  }
  // table: one line per position and row, the top K predictions with their probabilities
  out << "logit lens of the " << (decoder ? "decoder (next token)" : "encoder through its masked-LM head")
      << "; rows: the embeddings, then after each layer\n";
  out << padded("position", 9) << padded("token", 16) << padded("row", 12);
  for (int k = 1; k <= lens_options.top_k; ++k)
    out << (k < lens_options.top_k ? padded("top " + std::to_string(k), 24) : "top " + std::to_string(k));
  out << '\n';
  for (std::size_t c = 0; c < lens.positions.size(); ++c) {
    const int position = lens.positions[c];
    for (std::size_t r = 0; r < lens.rows.size(); ++r) {
      out << padded(std::to_string(position), 9)
          << padded(printable(tokens.tokens[static_cast<std::size_t>(position)]), 16)
          << padded(row_name(lens.rows[r]), 12);
      const std::vector<core::LensPrediction>& cell = lens.at(r, c);
      for (std::size_t k = 0; k < cell.size(); ++k) {
        char probability[16];
        std::snprintf(probability, sizeof probability, "%.4f", cell[k].probability);
        const std::string shown = printable(token_text(cell[k].id)) + " " + probability;
        out << (k + 1 < cell.size() ? padded(shown, 24) : shown);
      }
      out << '\n';
    }
  }
  return 0;
}

}  // namespace cli
