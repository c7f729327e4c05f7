#include "cli_tokenize.h"

#include <filesystem>
#include <fstream>
#include <iomanip>

#include <nlohmann/json.hpp>

#include "cli_model.h"
#include "cli_options.h"
#include "families/gguf_model.h"
#include "families/load_model.h"
#include "text/folder_tokenizer.h"

namespace cli {

namespace {

// The text a model reads first (its encoder's, or a decoder-only model's) through its tokenizer.
// A GGUF file holds its tokenizer, read without the weights (so a vocabulary-only file works too);
// native models name their vocabularies in config.json, so they are opened whole; any other folder
// may hold tokenizer files only.
core::Tokenization tokenize(const std::filesystem::path& folder, const std::string& text, bool special_tokens) {
  if (core::is_gguf_path(folder)) return core::load_gguf_tokenizer(folder)->encode(text, special_tokens);
  std::ifstream config(folder / "config.json");
  const nlohmann::json json = config ? nlohmann::json::parse(config, nullptr, false) : nlohmann::json();
  if (json.is_object() && json.value("model_type", "") == "attnscope") {
    const core::Model model = core::load_model(folder);
    const core::Tokenizer& tokenizer = model.spec().has_encoder() ? model.source_tokenizer() : model.target_tokenizer();
    return tokenizer.encode(text, special_tokens);
  }
  return core::load_folder_tokenizers(folder).source->encode(text, special_tokens);
}

}  // namespace

int run_tokenize(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments, {"--model", "--text", "--format"}, {"--no-special-tokens"});
  const std::string format = options.value("--format").value_or("json");
  if (format != "json" && format != "table") throw UsageError("--format takes json or table, not \"" + format + "\"");
  const core::Tokenization tokens =
      tokenize(locate_model_folder(options.required("--model")), options.required("--text"), !options.has("--no-special-tokens"));
  if (format == "json") {
    out << nlohmann::json{{"ids", tokens.ids}, {"tokens", tokens.tokens}}.dump() << '\n';
    return 0;
  }
  out << std::setw(6) << "index" << std::setw(10) << "id" << "  token\n";
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    out << std::setw(6) << i << std::setw(10) << tokens.ids[i] << "  " << tokens.tokens[i] << '\n';
  }
  return 0;
}

}  // namespace cli
