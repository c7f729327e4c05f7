#include "cli_why.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/methods/recorded_pass.h"
#include "analysis/why/corpus_search.h"
#include "analysis/why/qk_map.h"
#include "analysis/why/qk_view.h"
#include "classroom/position_kind.h"
#include "cli_ablate.h"
#include "cli_model.h"
#include "cli_options.h"
#include "io/atomic_file.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "tensor/errors.h"

namespace cli {

namespace {

int whole_number(const Options& options, const std::string& flag) {
  const std::vector<int> parsed = parse_int_list(flag, options.required(flag), "number");
  if (parsed.size() != 1 || parsed.front() < 0) throw UsageError(flag + " takes one number ≥ 0 (counting from 0)");
  return parsed.front();
}

// --attention KIND, or the model's first kind (encoder self-attention, else the decoder's).
core::AttentionKind attention_kind(const Options& options, const core::ModelSpec& spec) {
  const auto name = options.value("--attention");
  if (!name) return core::model_attention_kinds(spec).front();
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    if (*name == core::to_string(kind)) return kind;
  }
  throw UsageError("--attention is one of encoder_self, decoder_self, decoder_cross, not \"" + *name + "\"");
}

core::HeadRef head_option(const Options& options, const core::ModelSpec& spec) {
  core::HeadRef head{attention_kind(options, spec), whole_number(options, "--layer"), whole_number(options, "--head")};
  core::check_head(spec, head);
  return head;
}

// The heads `search` reads: --layer L --head H, --layer L --head all (every head of the layer), or
// --heads [KIND:]L.H,… (as ablate's; one kind).
std::vector<core::HeadRef> search_heads(const Options& options, const core::ModelSpec& spec) {
  if (options.has("--heads")) {
    if (options.has("--layer") || options.has("--head") || options.has("--attention")) {
      throw UsageError("give --heads [KIND:]L.H,… or --layer and --head (with --attention), not both");
    }
    return parse_head_list("--heads", options.required("--heads"), spec);
  }
  if (options.value("--head") == "all") {
    return core::heads_of_layer(spec, attention_kind(options, spec), whole_number(options, "--layer"));
  }
  return {head_option(options, spec)};
}

// "layer 1 head 2" for one head, "heads 1.0, 1.2" (layer.head) for several.
std::string described_heads(const std::vector<core::HeadRef>& heads) {
  if (heads.size() == 1) return "layer " + std::to_string(heads.front().layer) + " head " + std::to_string(heads.front().head);
  std::string text = "heads ";
  for (std::size_t n = 0; n < heads.size(); ++n) {
    text += (n == 0 ? "" : ", ") + std::to_string(heads[n].layer) + "." + std::to_string(heads[n].head);
  }
  return text;
}

core::ForwardOptions forward_options(const Options& options) {
  core::ForwardOptions forward;
  forward.positional_encoding = !options.has("--no-pe");
  forward.memory_budget = memory_budget_option(options);
  return forward;
}

void print_note(const std::string& message) { std::cerr << "note: " << message << '\n'; }

std::vector<core::CorpusSentence> read_corpus(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw core::InputError(path + ": is a folder; give a text file with one sentence per line");
  }
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw core::InputError(path + ": cannot be read");
  return core::read_corpus_sentences(stream, path, print_note);
}

// A CSV field: quoted when it holds a comma, a quote or a line break (quotes doubled).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string number(double value, const char* format = "%.6g") {
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// A token as one table cell: line breaks and tabs escaped so a row stays one line.
std::string printable(const std::string& token) {
  std::string shown;
  for (const char c : token) {
    if (c == '\n') shown += "\\n";
    else if (c == '\t') shown += "\\t";
    else if (c == '\r') shown += "\\r";
    else shown += c;
  }
  return shown;
}

nlohmann::json to_json(const core::RowVector& values) {
  nlohmann::json array = nlohmann::json::array();
  for (Eigen::Index d = 0; d < values.size(); ++d) array.push_back(values(d));
  return array;
}

}  // namespace

int run_qk(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments,
                        {"--model", "--text", "--target", "--layer", "--head", "--query", "--attention", "--format",
                         "--memory-budget", "--text-pair"},
                        {"--no-pe"});
  const std::string format = options.value("--format").value_or("table");
  if (format != "table" && format != "json") throw UsageError("--format takes table or json, not \"" + format + "\"");
  const core::Model model = open_model(options.required("--model"), memory_budget_option(options));
  const core::HeadRef head = head_option(options, model.spec());
  const core::QkRequest request{head, whole_number(options, "--query")};
  core::ForwardOptions forward = forward_options(options);
  // --text A --text-pair B: a sentence pair, its token types in the pass (BERT: B is type 1)
  const std::string text = options.required("--text");
  const std::string target = options.value("--target").value_or("");
  const std::optional<std::string> text_pair = options.value("--text-pair");
  const core::ModelInput input = text_pair ? core::prepare_pair_inputs(model, text, *text_pair, target, forward)
                                           : core::prepare_inputs(model, text, target, forward);
  forward.token_types = core::token_types_for(model, input.source);
  const core::QkView view = core::compute_qk_view(model, input.source.ids, input.target.ids, request, forward);
  const core::Tokenization& queries = core::query_tokens(input, head.kind);
  const core::Tokenization& keys = core::key_tokens(input, head.kind);
  const std::string& query_token = queries.tokens[static_cast<std::size_t>(request.query)];

  if (format == "json") {
    nlohmann::json key_rows = nlohmann::json::array();
    for (int j = 0; j < view.keys(); ++j) {
      const bool masked = view.masked[static_cast<std::size_t>(j)];
      nlohmann::json row = {{"position", j},
                            {"token", keys.tokens[static_cast<std::size_t>(j)]},
                            {"k", to_json(view.k.row(j))},
                            {"products", to_json(view.products.row(j))},
                            {"content", view.content(j)},
                            {"masked", masked},
                            {"alpha", masked ? nlohmann::json(nullptr) : nlohmann::json(view.alpha(j))},
                            {"alpha_hat", view.alpha_hat(j)}};
      if (view.rotary()) {
        row["k_rotated"] = to_json(view.k_rotated.row(j));
        row["content_unrotated"] = view.content_unrotated(j);
        row["rotation"] = view.content(j) - view.content_unrotated(j);
      }
      if (view.capped.size() > 0) row["capped"] = view.capped(j);
      if (view.position_bias.size() > 0) row["position_bias"] = view.position_bias(j);
      key_rows.push_back(std::move(row));
    }
    nlohmann::json document = {{"model", model.spec().name},
                               {"attention", core::to_string(head.kind)},
                               {"layer", head.layer},
                               {"head", head.head},
                               {"kv_head", view.kv_head},
                               {"query", request.query},
                               {"query_token", query_token},
                               {"head_dim", view.head_dim},
                               {"scale", view.scale},
                               {"soft_cap", view.soft_cap},
                               {"positions", core::to_string(view.positions)},
                               {"positional_encoding", view.positional_encoding},
                               {"q", to_json(view.q)},
                               {"keys", key_rows}};
    if (view.rotary()) document["q_rotated"] = to_json(view.q_rotated);
    out << document.dump(2) << '\n';
    return 0;
  }
  out << "q·k of " << core::to_string(head.kind) << " layer " << head.layer << " head " << head.head << " (key/value head "
      << view.kv_head << "), query " << request.query << " \"" << printable(query_token) << "\"; d_h " << view.head_dim
      << ", scale " << number(view.scale) << ", positions: " << core::to_string(view.positions)
      << (view.positional_encoding ? "" : " (off)");
  // an absolute table (BERT's, GPT-2's, Marian's) is added to the input rows: no term of the
  // score, yet inside q and k; "none" alone would read as a model without positions
  const core::InputSide query_side =
      head.kind == core::AttentionKind::EncoderSelf ? core::InputSide::Source : core::InputSide::Target;
  const core::PositionKind input_positions = core::position_kind(model, query_side);
  if (view.positions == core::ScorePositions::None && view.positional_encoding &&
      (input_positions == core::PositionKind::Learned || input_positions == core::PositionKind::Sinusoidal)) {
    out << " in the score (" << core::to_string(input_positions)
        << " positions are added to the input rows, so q and k carry them)";
  }
  out << '\n';
  out << "content = scale·Σ(q⊙k)";
  if (view.rotary()) out << "; unrotated = scale·q·k before the rotation; rotation = content − unrotated";
  if (view.capped.size() > 0) out << "; capped = cap·tanh(content/cap)";
  if (view.position_bias.size() > 0) out << "; bias = the position term";
  out << "; α = the score, α̂ = softmax(α)\n";
  out << "q";
  for (Eigen::Index d = 0; d < view.q.size(); ++d) out << '\t' << number(view.q(d), "%.4f");
  out << '\n';
  if (view.rotary()) {
    out << "q_rotated";
    for (Eigen::Index d = 0; d < view.q_rotated.size(); ++d) out << '\t' << number(view.q_rotated(d), "%.4f");
    out << '\n';
  }
  out << "key\ttoken\tcontent";
  if (view.rotary()) out << "\tunrotated\trotation";
  if (view.capped.size() > 0) out << "\tcapped";
  if (view.position_bias.size() > 0) out << "\tbias";
  out << "\tα\tα̂";
  for (int d = 0; d < view.head_dim; ++d) out << "\tq⊙k[" << d << ']';
  out << '\n';
  for (int j = 0; j < view.keys(); ++j) {
    out << j << '\t' << printable(keys.tokens[static_cast<std::size_t>(j)]) << '\t' << number(view.content(j));
    if (view.rotary()) {
      out << '\t' << number(view.content_unrotated(j)) << '\t' << number(view.content(j) - view.content_unrotated(j));
    }
    if (view.capped.size() > 0) out << '\t' << number(view.capped(j));
    if (view.position_bias.size() > 0) out << '\t' << number(view.position_bias(j));
    out << '\t' << (view.masked[static_cast<std::size_t>(j)] ? std::string("masked") : number(view.alpha(j))) << '\t'
        << number(view.alpha_hat(j));
    for (int d = 0; d < view.head_dim; ++d) out << '\t' << number(view.products(j, d), "%.4f");
    out << '\n';
  }
  return 0;
}

int run_qk_map(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments,
                        {"--model", "--corpus", "--layer", "--head", "--attention", "--max-points", "--out",
                         "--memory-budget"},
                        {"--no-pe", "--normalise"});
  const std::string corpus_path = options.required("--corpus");
  const core::Model model = open_model(options.required("--model"), memory_budget_option(options));
  const core::HeadRef head = head_option(options, model.spec());
  core::QkMapOptions map_options;
  map_options.normalise = options.has("--normalise");
  if (options.has("--max-points")) {
    const std::vector<int> parsed = parse_int_list("--max-points", options.required("--max-points"), "count");
    if (parsed.size() != 1 || parsed.front() < 1) throw UsageError("--max-points takes one number ≥ 1");
    map_options.max_points = parsed.front();
  }
  const std::vector<core::CorpusSentence> sentences = read_corpus(corpus_path);
  const core::QkMap map =
      core::compute_qk_map(model, sentences, corpus_path, head, map_options, forward_options(options), print_note);
  const auto write = [&](std::ostream& stream) {
    stream << "sentence,line,position,token,kind,x,y\n";
    for (const core::QkPoint& point : map.points) {
      stream << point.sentence << ',' << map.sentences[point.sentence].line << ',' << point.position << ','
             << csv_field(point.token) << ',' << core::to_string(point.kind) << ',' << number(point.x, "%.9g") << ','
             << number(point.y, "%.9g") << '\n';
    }
  };
  if (const auto path = options.value("--out")) core::write_file_atomically(*path, write);
  else write(out);
  std::cerr << "note: " << map.points.size() << " points from " << map.sentences.size() << " sentence(s); the axes keep "
            << number(100.0 * map.explained[0], "%.1f") << "% and " << number(100.0 * map.explained[1], "%.1f")
            << "% of the spread" << (map.normalised ? " (queries and keys centred and scaled separately)" : "")
            << '\n';
  return 0;
}

int run_search(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments,
                        {"--model", "--corpus", "--layer", "--head", "--heads", "--token", "--limit", "--attention",
                         "--format", "--memory-budget"},
                        {"--from", "--to", "--top-key", "--no-pe"});
  const std::string format = options.value("--format").value_or("table");
  if (format != "table" && format != "csv" && format != "jsonl") {
    throw UsageError("--format takes table, csv or jsonl, not \"" + format + "\"");
  }
  const int modes = (options.has("--from") ? 1 : 0) + (options.has("--to") ? 1 : 0) + (options.has("--top-key") ? 1 : 0);
  if (modes > 1) throw UsageError("give one of --from, --to and --top-key");
  core::SearchOptions search_options;
  search_options.mode = options.has("--to") ? core::SearchMode::To
                        : options.has("--top-key") ? core::SearchMode::TopKey
                                                   : core::SearchMode::From;
  if (options.has("--limit")) {
    const std::vector<int> parsed = parse_int_list("--limit", options.required("--limit"), "count");
    if (parsed.size() != 1 || parsed.front() < 1) throw UsageError("--limit takes one number ≥ 1");
    search_options.limit = parsed.front();
  }
  const std::string corpus_path = options.required("--corpus");
  const std::string token = options.required("--token");
  const core::Model model = open_model(options.required("--model"), memory_budget_option(options));
  const std::vector<core::HeadRef> heads = search_heads(options, model.spec());
  const std::vector<core::CorpusSentence> sentences = read_corpus(corpus_path);
  const core::CorpusSearch search = core::search_corpus(model, sentences, corpus_path, heads, token, search_options,
                                                        forward_options(options), print_note);
  const bool several = heads.size() > 1;
  if (format == "table") {
    out << "where " << core::to_string(heads.front().kind) << ' ' << described_heads(heads)
        << (search.mode == core::SearchMode::From ? (several ? " attend most from \"" : " attends most from \"")
            : search.mode == core::SearchMode::To ? (several ? " attend most to \"" : " attends most to \"")
                                                  : (several ? " have their top key at \"" : " has its top key at \""))
        << printable(token) << "\": " << search.hits.size() << " of " << search.matches << " match(es)\n";
    out << "rank\tline\t" << (several ? "head\t" : "") << "query\tkey\tweight\tsentence\n";
  } else if (format == "csv") {
    out << "rank,sentence,line,layer,head,query,query_token,key,key_token,weight,text\n";
  }
  for (std::size_t r = 0; r < search.hits.size(); ++r) {
    const core::SearchHit& hit = search.hits[r];
    const core::CorpusSentence& sentence = search.sentences[hit.sentence];
    if (format == "table") {
      out << r + 1 << '\t' << sentence.line << '\t';
      if (several) out << hit.head.layer << '.' << hit.head.head << '\t';
      out << hit.query << " \"" << printable(hit.query_token) << "\"\t" << hit.key << " \"" << printable(hit.key_token)
          << "\"\t" << number(hit.weight, "%.4f") << '\t' << printable(sentence.text) << '\n';
    } else if (format == "csv") {
      out << r + 1 << ',' << hit.sentence << ',' << sentence.line << ',' << hit.head.layer << ',' << hit.head.head << ','
          << hit.query << ',' << csv_field(hit.query_token) << ',' << hit.key << ',' << csv_field(hit.key_token) << ','
          << number(hit.weight, "%.9g") << ',' << csv_field(sentence.text) << '\n';
    } else {
      const nlohmann::json row = {{"rank", r + 1},          {"sentence", hit.sentence},
                                  {"line", sentence.line},  {"layer", hit.head.layer},
                                  {"head", hit.head.head},  {"query", hit.query},
                                  {"query_token", hit.query_token}, {"key", hit.key},
                                  {"key_token", hit.key_token},     {"weight", hit.weight},
                                  {"text", sentence.text}};
      out << row.dump() << '\n';
    }
  }
  return 0;
}

}  // namespace cli
