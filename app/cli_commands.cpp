#include "cli_commands.h"

#include <iostream>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "cli_dump_npy.h"
#include "cli_edits.h"
#include "cli_files.h"
#include "cli_progress.h"
#include "cli_model.h"
#include "cli_options.h"
#include "cli_reading.h"
#include "analysis/methods/attention_method.h"
#include "families/load_model.h"
#include "io/atomic_file.h"
#include "tensor/errors.h"
#include "model/generation.h"
#include "model/prepare_inputs.h"
#include "model/model.h"
#include "model/model_input.h"
#include "model/cached_generation.h"
#include "model/trace_json.h"
#include "model/trace_selection.h"
#include "model/transformer.h"

namespace cli {

namespace {

void note_truncation(const core::Tokenization& tokens, const char* side, int max_positions) {
  if (tokens.truncated) {
    std::cerr << "note: the " << side << " text has " << tokens.untruncated_length << " tokens; kept the first "
              << tokens.size() << " (the model takes at most " << max_positions << ")\n";
  }
}

// The decoder's or encoder's input from --text/--source-ids or --target/--target-ids.
std::optional<core::Tokenization> read_input(const core::Model& model, const Options& options, core::InputSide side,
                                             const std::string& text_flag, const std::string& ids_flag) {
  if (options.has(text_flag) && options.has(ids_flag)) throw UsageError("give " + text_flag + " or " + ids_flag + ", not both");
  // --text A --text-pair B: the two texts as a sentence pair (text/text_pair.h)
  if (const auto pair = options.value("--text-pair"); pair && text_flag == "--text") {
    if (!options.has("--text")) throw UsageError("--text-pair goes with --text: it is the second text of a pair");
    return core::tokenize_pair(model, *options.value("--text"), *pair);
  }
  if (const auto text = options.value(text_flag)) {
    core::Tokenization tokens = core::tokenize_input(model, side, *text);
    // Only a tokenizer that adds no special tokens (GPT-2) can give nothing; the forward pass
    // would then blame "the target input", which the user never named.
    if (tokens.size() == 0) {
      throw core::InputError(text_flag == "--text" ? "the text is empty" : "the target text is empty");
    }
    return tokens;
  }
  if (const auto ids = options.value(ids_flag)) return core::tokens_for_ids(model, side, parse_id_list(ids_flag, *ids));
  return std::nullopt;
}

struct DumpInputs {
  core::Tokenization source;  // after the --edit edits
  core::Tokenization target;
  core::InputEdits edits;
  core::Tokenization typed_source;  // before them
  core::Tokenization typed_target;
};

// For a decoder-only model --text/--source-ids is the decoder's input; an encoder-decoder model
// without a target generates one greedily.
DumpInputs read_dump_inputs(const core::Model& model, const Options& options, const core::ForwardOptions& pass) {
  const core::ModelSpec& config = model.spec();
  DumpInputs inputs;
  if (config.has_encoder()) {
    auto source = read_input(model, options, core::InputSide::Source, "--text", "--source-ids");
    if (!source) throw UsageError("--text or --source-ids is required");
    inputs.source = std::move(*source);
    note_truncation(inputs.source, "source", config.max_positions);
  }
  // --edit: the source is edited before a target is generated from it (as the app does)
  inputs.edits = edits_option(options, config);
  inputs.typed_source = inputs.source;
  if (!inputs.edits.source.empty()) {
    inputs.source = core::apply_token_edits(model.source_tokenizer(), inputs.source, inputs.edits.source).tokens;
  }
  if (config.architecture == core::Architecture::DecoderOnly) {
    auto target = read_input(model, options, core::InputSide::Target, "--text", "--source-ids");
    if (!target) target = read_input(model, options, core::InputSide::Target, "--target", "--target-ids");
    if (!target) throw UsageError("--text or --target-ids is required");
    inputs.target = std::move(*target);
    // a decoder-only model's --text is its input, not a "target"
    note_truncation(inputs.target, "input", config.max_positions);
  } else if (config.has_decoder()) {
    auto target = read_input(model, options, core::InputSide::Target, "--target", "--target-ids");
    if (target) {
      inputs.target = std::move(*target);
      note_truncation(inputs.target, "target", config.max_positions);
    } else {
      // no target: the model's own greedy output, as the GUI and the head analysis make it
      core::ForwardOptions forward_options;
      forward_options.positional_encoding = pass.positional_encoding;
      forward_options.memory_budget = pass.memory_budget;
      core::ModelInput input{inputs.source, {}, false, {}};
      core::generate_target(model, input, forward_options);
      inputs.target = std::move(input.target);
    }
  }
  inputs.typed_target = inputs.target;
  if (!inputs.edits.target.empty()) {
    inputs.target = core::apply_token_edits(model.target_tokenizer(), inputs.target, inputs.edits.target).tokens;
  }
  return inputs;
}

}  // namespace

int run_info(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments, {"--model"}, {});
  std::string folder;
  if (const auto model_flag = options.value("--model")) folder = *model_flag;
  else if (options.positionals().size() == 1) folder = options.positionals().front();
  else throw UsageError("info takes one model folder");

  const core::Model model = open_model(folder);
  const core::ModelSpec& config = model.spec();
  out << "name:                " << config.name << '\n'
      << "family:              " << config.family << '\n'
      << "architecture:        " << core::to_string(config.architecture) << '\n';
  if (config.has_encoder()) out << "encoder layers:      " << config.encoder_layers() << '\n';
  if (config.has_decoder()) out << "decoder layers:      " << config.decoder_layers() << '\n';
  if (!config.class_name.empty()) out << "class:               " << config.class_name << '\n';
  out << "attention:           " << core::describe_attention(config) << '\n'
      << "d_model:             " << config.d_model << '\n'
      << "blocks:              " << core::describe_blocks(config) << '\n';
  if (config.has_encoder()) out << "source vocabulary:   " << config.source_vocab_size << '\n';
  if (config.has_decoder()) out << "target vocabulary:   " << config.target_vocab_size << '\n';
  out << "max positions:       " << config.max_positions << '\n'
      << "kernels:             " << kernels_line() << '\n'
      << "positional encoding: " << core::describe_positions(config) << '\n'
      << "output head:         " << (model.spec().has_output_head ? "yes" : "no") << '\n'
      << "parameters:          " << model.tensors().parameter_count << '\n'
      << "tensors:             " << model.tensors().tensor_count << '\n';
  if (!model.tensors().unused.empty()) {
    out << "unused tensors:      " << model.tensors().unused.size() << '\n';
    for (const std::string& name : model.tensors().unused) out << "  " << name << '\n';
  }
  return 0;
}

namespace {

std::vector<float> row_of(const core::RowMatrix& matrix, Eigen::Index row) {
  return std::vector<float>(matrix.row(row).data(), matrix.row(row).data() + matrix.cols());
}

std::vector<float> column_of(const core::RowMatrix& matrix, Eigen::Index column) {
  std::vector<float> values(static_cast<std::size_t>(matrix.rows()));
  for (Eigen::Index i = 0; i < matrix.rows(); ++i) values[static_cast<std::size_t>(i)] = matrix(i, column);
  return values;
}

// A fine-tuned encoder's task head, with the labels: class_logits and the predicted label
// (sequence), per-token logits and labels (token; "logits" is the last token's, as HF's reference
// stores it), start and end scores (question answering).
void add_classifier_output(nlohmann::json& dump, const core::ClassifierSpec& classifier, const core::RowMatrix& logits) {
  if (classifier.kind == core::ClassifierKind::None || logits.size() == 0) return;
  dump["task"] = core::to_string(classifier.kind);
  dump["labels"] = classifier.labels;
  const auto label_of = [&](Eigen::Index row) {
    Eigen::Index best = 0;
    logits.row(row).maxCoeff(&best);
    return classifier.labels[static_cast<std::size_t>(best)];
  };
  switch (classifier.kind) {
    case core::ClassifierKind::Sequence:
      dump["class_logits"] = row_of(logits, 0);
      dump["predicted_label"] = label_of(0);
      break;
    case core::ClassifierKind::Token: {
      nlohmann::json rows = nlohmann::json::array();
      nlohmann::json labels = nlohmann::json::array();
      for (Eigen::Index i = 0; i < logits.rows(); ++i) {
        rows.push_back(row_of(logits, i));
        labels.push_back(label_of(i));
      }
      dump["token_logits"] = rows;
      dump["predicted_labels"] = labels;
      dump["logits"] = row_of(logits, logits.rows() - 1);
      break;
    }
    case core::ClassifierKind::QuestionAnswering:
      dump["start_logits"] = column_of(logits, 0);
      dump["end_logits"] = column_of(logits, 1);
      break;
    case core::ClassifierKind::None:
      break;
  }
}

}  // namespace

// --format json (default): one JSON document to standard output or --out FILE;
// --format npy: one .npy per kind and layer plus index.json in --out-dir DIR (docs/cli.md).
int run_dump(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments,
                        {"--model", "--text", "--source-ids", "--target", "--target-ids", "--out", "--precision",
                         "--memory-budget", "--only-layers", "--only-heads", "--format", "--out-dir", "--method",
                         "--attention", "--hide-token", "--top-p", "--text-pair", "--pair-filter", "--edit",
                         "--edit-side", "--only-queries"},
                        {"--no-pe", "--words", "--hide-special"});
  for (const std::string& text : options.all("--edit")) parse_edit(text);  // a usage mistake, before the model loads
  const std::string method_name = options.value("--method").value_or("raw");
  const std::optional<core::AttentionMethod> method = core::parse_attention_method(method_name);
  if (!method) {
    throw UsageError("--method takes " + core::attention_method_names() + ", not \"" + method_name + "\"");
  }
  // rollout and flow take --only-heads as the heads each layer's Â averages (docs/methods.md)
  const bool heads_averaged = *method == core::AttentionMethod::Rollout || *method == core::AttentionMethod::Flow;
  if (*method == core::AttentionMethod::ValueZeroing && options.has("--only-heads")) {
    throw UsageError("--only-heads does not apply to --method " + method_name +
                     ": it gives one matrix per layer (rollout and flow take it as the heads to average)");
  }
  // a sample of query rows for the per-layer methods and norm (the others' rows stay 0)
  std::vector<int> method_queries;
  if (const auto queries = options.value("--only-queries")) {
    if (*method == core::AttentionMethod::Raw) {
      throw UsageError("--only-queries applies to --method norm, value-zeroing, rollout or flow; raw writes every row");
    }
    method_queries = parse_int_list("--only-queries", *queries, "query");
  }
  const std::string format = options.value("--format").value_or("json");
  if (format != "json" && format != "npy") throw UsageError("--format takes json or npy, not \"" + format + "\"");
  const bool npy = format == "npy";
  if (npy && options.has("--out")) throw UsageError("--out writes one JSON file; with --format npy give --out-dir DIR");
  if (npy && !options.has("--out-dir")) throw UsageError("--format npy needs --out-dir DIR");
  if (!npy && options.has("--out-dir")) throw UsageError("--out-dir goes with --format npy");
  // before the pass: a folder that cannot take the export is reported before minutes of work
  if (npy) require_new_or_empty_folder(options.required("--out-dir"));
  const core::ReadingOptions reading = reading_option(options);
  const std::optional<double> top_p = top_p_option(options);

  const bool positional_encoding = !options.has("--no-pe");
  core::ForwardOptions forward_options;
  forward_options.positional_encoding = positional_encoding;
  forward_options.precision = precision_option(options);
  forward_options.memory_budget = memory_budget_option(options);
  forward_options.attention = attention_option(options);
  const core::Model model = open_model(options.required("--model"), memory_budget_option(options));
  const core::ModelSpec& config = model.spec();
  core::TraceSelection selection = trace_selection_option(options, config);
  const DumpInputs inputs = read_dump_inputs(model, options, forward_options);
  forward_options.token_types = core::token_types_for(model, inputs.source);

  // the expensive methods compute only the layers (and query rows) asked for; all but norm read
  // α̂ through the trace, so they follow --attention too; raw keeps today's pass untouched
  const bool raw = *method == core::AttentionMethod::Raw;
  core::MethodOptions method_options;
  if (!raw) method_options.layers = selection.layers;
  method_options.queries = method_queries;
  // rollout and flow average the chosen heads into one matrix per layer: nothing to select after
  std::vector<int> method_heads;
  if (heads_averaged) {
    method_heads = std::move(selection.heads);
    selection.heads.clear();
    method_options.heads = method_heads;
  }
  std::optional<ProgressLine> progress(std::in_place, "dump");
  forward_options.progress = progress->forward_callback();
  const core::MethodResult computed =
      core::compute_attention_method(model, inputs.source.ids, inputs.target.ids, *method, forward_options, method_options);
  progress.reset();  // the line is erased before anything else is written
  const core::ForwardResult& result = computed.pass;
  // Read as text (--words, --hide-special, --hide-token) and/or cut to top-p edges: the matrices
  // written are these instead of the method's own (docs/reading.md).
  std::optional<core::ReadTrace> read;
  core::AttentionTrace summed = computed.summed;
  if (!reading.is_identity()) {
    read = core::read_trace(computed.trace, inputs.source, inputs.target, reading);
    if (*method == core::AttentionMethod::Norm) summed = core::read_trace(computed.summed, inputs.source, inputs.target, reading).trace;
  } else if (top_p) {
    read = core::ReadTrace{};
    read->trace = core::select_trace(computed.trace, {});
  }
  if (top_p) {
    keep_top_p(read->trace, *top_p);
    keep_top_p(summed, *top_p);
  }
  const core::AttentionTrace& written = read ? read->trace : computed.trace;

  nlohmann::json dump;
  dump["model"] = config.name;
  dump["method"] = core::to_string(*method);
  dump["matrices"] = core::is_per_head(*method) ? "per_head" : "per_layer";
  dump["positional_encoding"] = positional_encoding;
  dump["precision"] = core::to_string(forward_options.precision);
  if (config.has_encoder()) {
    dump["source_tokens"] = inputs.source.tokens;
    dump["source_ids"] = inputs.source.ids;
    dump["source_truncated"] = inputs.source.truncated;
  }
  if (config.has_decoder()) {
    dump["target_tokens"] = inputs.target.tokens;
    dump["target_ids"] = inputs.target.ids;
    dump["target_truncated"] = inputs.target.truncated;
  }
  // a sentence pair: which text each token belongs to (−1: the template's special tokens) and
  // the token types the encoder read
  for (const auto& [side, tokens] : {std::pair<const char*, const core::Tokenization*>{"source", &inputs.source},
                                     std::pair<const char*, const core::Tokenization*>{"target", &inputs.target}}) {
    if (tokens->sequence_ids.empty()) continue;
    dump[std::string(side) + "_sequence_ids"] = tokens->sequence_ids;
    dump[std::string(side) + "_type_ids"] = tokens->type_ids;
  }
  // --edit: the edits made and the tokens before them
  if (!inputs.edits.empty()) {
    dump["edits"] = edits_json(inputs.edits);
    if (!inputs.edits.source.empty()) dump["source_typed_tokens"] = inputs.typed_source.tokens;
    if (!inputs.edits.target.empty()) dump["target_typed_tokens"] = inputs.typed_target.tokens;
  }
  // which pass the method read (a long input's is on demand) and which query rows it computed
  const core::AttentionTrace& pass_trace = raw ? computed.trace : result.trace;
  dump["pass_attention"] = core::to_string(pass_trace.is_dense() ? core::AttentionStorage::Dense
                                                                  : core::AttentionStorage::OnDemand);
  if (!method_queries.empty()) dump["method_queries"] = method_queries;
  if (!method_heads.empty()) dump["method_heads"] = method_heads;
  if (!selection.layers.empty()) dump["attention_layers"] = selection.layers;
  if (!selection.heads.empty()) dump["attention_heads"] = selection.heads;
  if (!reading.is_identity()) add_reading_json(dump, reading, *read, config.has_encoder(), config.has_decoder());
  if (top_p) dump["top_p"] = *top_p;
  if (npy) {
    write_npy_dump(options.required("--out-dir"), written, config, selection, std::move(dump),
                   *method == core::AttentionMethod::Norm ? &summed : nullptr);
    return 0;
  }
  if (!raw || read) {
    // another reading of the pass: a dense trace of small matrices, written as one document
    dump["attention"] = core::trace_to_json(core::select_trace(written, selection), config);
    // rollout and flow follow one stack's self-attention: no cross-attention matrices to show
    if (!core::method_covers(*method, core::AttentionKind::DecoderCross)) dump["attention"].erase("decoder_cross");
    if (*method == core::AttentionMethod::Norm) {
      const core::TraceSelection layers_only{selection.layers, {}};
      dump["attention_summed"] = core::trace_to_json(core::select_trace(summed, layers_only), config);
    }
  }
  if (result.last_logits.size() > 0) {
    dump["logits"] = std::vector<float>(result.last_logits.data(), result.last_logits.data() + result.last_logits.size());
  }
  add_classifier_output(dump, config.classifier, result.class_logits);

  // raw: the document without "attention", then "attention" written one head at a time (an
  // on-demand trace never holds more than one α̂); another method's document is written whole
  const bool streamed = raw && !read;
  std::string head = dump.dump();
  if (streamed) head.pop_back();  // the closing '}'
  const auto write = [&](std::ostream& stream) {
    if (!streamed) {
      stream << head << '\n';
      return;
    }
    stream << head << ",\"attention\":";
    core::write_trace_json(stream, computed.trace, config, selection);
    stream << "}\n";
  };
  if (const auto path = options.value("--out")) core::write_file_atomically(*path, write);
  else write(out);
  return 0;
}

int run_generate(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments, {"--model", "--text", "--max-tokens", "--precision", "--memory-budget"}, {"--no-pe"});
  const std::size_t memory_budget = memory_budget_option(options);
  const core::Model model = open_model(options.required("--model"), memory_budget_option(options));
  const core::ModelSpec& config = model.spec();
  if (!model.spec().has_output_head) throw core::InputError("this model has no output layer, so it cannot generate");
  if (!config.has_decoder()) {
    throw core::InputError("this model is encoder-only, so it cannot generate text; use dump to see its attention");
  }
  const std::string text = options.required("--text");
  int max_tokens = config.max_positions;
  if (const auto value = options.value("--max-tokens")) max_tokens = parse_id_list("--max-tokens", *value).front();

  std::vector<int> source_ids;
  std::vector<int> prefix;
  if (config.has_encoder()) {
    core::Tokenization source = core::tokenize_input(model, core::InputSide::Source, text);
    note_truncation(source, "source", config.max_positions);
    source_ids = std::move(source.ids);
    prefix = core::generation_prefix(model);
  } else {
    core::Tokenization prompt = core::tokenize_input(model, core::InputSide::Target, text);
    if (prompt.size() == 0) throw core::InputError("the text is empty");
    note_truncation(prompt, "prompt", config.max_positions);
    if (static_cast<int>(prompt.size()) >= config.max_positions) {
      std::cerr << "note: the prompt fills all " << config.max_positions << " positions, so nothing is generated\n";
    }
    prefix = std::move(prompt.ids);
  }
  const std::size_t prompt_length = prefix.size();
  core::ForwardOptions forward_options;
  forward_options.positional_encoding = !options.has("--no-pe");
  forward_options.precision = precision_option(options);
  forward_options.memory_budget = memory_budget;
  // with a key/value cache: after the prompt, each step reads one token (model/cached_generation.h)
  core::CachedGreedyDecoder decoder(model, source_ids, std::move(prefix), forward_options, max_tokens);
  {
    ProgressLine progress("generate");
    int steps = 0;
    while (!decoder.finished()) {
      decoder.step();
      progress.update(++steps, max_tokens, "token");
    }
  }

  std::vector<int> generated(decoder.sequence().begin() + static_cast<std::ptrdiff_t>(prompt_length),
                             decoder.sequence().end());
  if (!generated.empty() && generated.back() == config.eos_token_id) generated.pop_back();
  out << model.target_tokenizer().decode(generated) << '\n';
  return 0;
}

}  // namespace cli
