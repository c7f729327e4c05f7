#include "python_model.h"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "analysis/reading/read_report.h"
#include "families/load_model.h"
#include "hub/hf_cache.h"
#include "hub/model_location.h"
#include "model/generation.h"
#include "model/memory_budget.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "python_arguments.h"
#include "python_compare.h"
#include "python_heads.h"
#include "python_lens.h"
#include "python_progress.h"
#include "python_reading.h"
#include "python_whatif.h"
#include "python_why.h"
#include "tensor/errors.h"

namespace py = pybind11;

namespace attnscope_python {

PythonModel::PythonModel(const std::string& argument, const std::string& precision, std::size_t memory_budget,
                         int threads) {
  options_.precision = precision_argument(precision);
  options_.memory_budget = memory_budget;
  if (threads < 0) throw core::InputError("threads is 0 (the default) or more, not " + std::to_string(threads));
  options_.threads = threads;
  const core::ModelLocation location =
      core::locate_model(argument, core::hf_cache_root(core::HfCacheEnvironment::from_process()));
  folder_ = location.folder;
  note_ = location.note;
  model_ = std::make_shared<const core::Model>(core::load_model(folder_, memory_budget));
}

core::ForwardOptions PythonModel::pass_options(bool no_pe) const {
  core::ForwardOptions options = options_;
  options.positional_encoding = !no_pe;
  return options;
}

core::Tokenization PythonModel::tokenize(const std::string& text, bool target) const {
  const core::ModelSpec& spec = model_->spec();
  if (target && !spec.has_decoder()) throw core::InputError("this model is encoder-only: it has no target side");
  const bool source = spec.has_encoder() && !target;
  return core::tokenize_input(*model_, source ? core::InputSide::Source : core::InputSide::Target, text);
}

PythonTrace PythonModel::trace(const std::string& text, const std::string& target, bool no_pe,
                               const std::string& attention, const std::optional<std::string>& text_pair) const {
  check_text(text);
  core::ForwardOptions options = pass_options(no_pe);
  const std::optional<core::AttentionStorage> storage = core::parse_attention_storage(attention);
  if (!storage) throw core::InputError("attention takes 'dense', 'on-demand' or 'auto', not '" + attention + "'");
  options.attention = *storage;
  core::ModelInput input = text_pair ? core::prepare_pair_inputs(*model_, text, *text_pair, target, options)
                                     : core::prepare_inputs(*model_, text, target, options);
  // a sentence pair's token types (BERT's segments), as attnscope-cli dump reads them
  options.token_types = core::token_types_for(*model_, input.source);
  core::ForwardResult result = core::forward(*model_, input.source.ids, input.target.ids, options);
  return PythonTrace(model_, options, std::move(input), std::move(result), options_.memory_budget);
}

core::HeadReport PythonModel::heads(const std::string& text, const std::string& target, bool no_pe, int window,
                                   const std::optional<std::string>& text_pair, const core::ReadingOptions& reading,
                                   const std::function<bool(int, int)>& progress) const {
  check_text(text);
  if (window < 0) throw core::InputError("window is a number of tokens ≥ 0, not " + std::to_string(window));
  const core::ForwardOptions options = pass_options(no_pe);
  core::HeadMetricOptions metric_options;
  metric_options.local_window = window;
  const core::ModelInput input = text_pair ? core::prepare_pair_inputs(*model_, text, *text_pair, target, options)
                                           : core::prepare_inputs(*model_, text, target, options);
  core::ForwardOptions pass = options;
  pass.token_types = core::token_types_for(*model_, input.source);  // a BERT pair's text B: type 1
  pass.progress = progress;
  const core::ForwardResult result = core::forward(*model_, input.source.ids, input.target.ids, pass);
  // the metrics of the matrices read as text, as attnscope-cli heads computes them (docs/reading.md)
  core::HeadReport report = core::analyze_read_trace(result.trace, input.source, input.target, reading, metric_options);
  core::add_induction_scores(report, core::induction_scores(*model_, options));
  return report;
}

core::HeadReport PythonModel::corpus_heads(const std::vector<std::string>& lines, const std::string& name, bool no_pe,
                                          int window, const core::ReadingOptions& reading,
                                          const core::CorpusProgress& progress,
                                          const std::function<bool(int, int)>& pass_progress) const {
  if (window < 0) throw core::InputError("window is a number of tokens ≥ 0, not " + std::to_string(window));
  const core::ForwardOptions options = pass_options(no_pe);
  core::HeadMetricOptions metric_options;
  metric_options.local_window = window;
  core::CorpusReading corpus_reading(reading);
  core::ForwardOptions pass = options;
  pass.progress = pass_progress;
  // a run the progress stops returns the lines done so far: that is a cancel here, not a result
  bool stopped = false;
  const core::CorpusProgress reported = [&](int done, int total) {
    stopped = progress && !progress(done, total);
    return !stopped;
  };
  core::HeadReport report = core::analyze_corpus(*model_, lines, corpus_reading, metric_options, pass, reported);
  if (stopped) throw core::Cancelled("head metrics of " + name + " cancelled");
  if (report.inputs == 0) throw core::InputError(name + ": no line could be read as an input");
  corpus_reading.check_tokens_found(name);
  core::add_induction_scores(report, core::induction_scores(*model_, options));
  return report;
}

std::string PythonModel::generate(const std::string& text, std::optional<int> max_tokens, bool no_pe) const {
  const core::ModelSpec& spec = model_->spec();
  if (!spec.has_output_head) throw core::InputError("this model has no output layer, so it cannot generate");
  if (!spec.has_decoder()) {
    throw core::InputError("this model is encoder-only, so it cannot generate text; use trace() to see its attention");
  }
  check_text(text);
  if (max_tokens && *max_tokens < 0) throw core::InputError("max_tokens is 0 or more, not " + std::to_string(*max_tokens));
  std::vector<int> source_ids;
  std::vector<int> prefix;
  if (spec.has_encoder()) {
    source_ids = core::tokenize_input(*model_, core::InputSide::Source, text).ids;
    prefix = core::generation_prefix(*model_);
  } else {
    prefix = core::tokenize_input(*model_, core::InputSide::Target, text).ids;
    if (prefix.empty()) throw core::InputError("the text is empty");
  }
  const std::size_t prompt_length = prefix.size();
  core::GreedyDecoder decoder(*model_, source_ids, std::move(prefix), pass_options(no_pe),
                              max_tokens.value_or(spec.max_positions));
  while (!decoder.finished()) decoder.step();
  std::vector<int> generated(decoder.sequence().begin() + static_cast<std::ptrdiff_t>(prompt_length),
                             decoder.sequence().end());
  if (!generated.empty() && generated.back() == spec.eos_token_id) generated.pop_back();
  return model_->target_tokenizer().decode(generated);
}

namespace {

py::dict info_of(const PythonModel& python_model) {
  const core::Model& model = python_model.model();
  const core::ModelSpec& spec = model.spec();
  py::dict info;
  info["name"] = spec.name;
  info["family"] = spec.family;
  info["class_name"] = spec.class_name;
  info["architecture"] = core::to_string(spec.architecture);
  info["encoder_layers"] = spec.encoder_layers();
  info["decoder_layers"] = spec.decoder_layers();
  info["heads"] = spec.heads();
  info["d_model"] = spec.d_model;
  info["max_positions"] = spec.max_positions;
  info["source_vocab_size"] = spec.has_encoder() ? py::object(py::int_(spec.source_vocab_size)) : py::object(py::none());
  info["target_vocab_size"] = spec.has_decoder() ? py::object(py::int_(spec.target_vocab_size)) : py::object(py::none());
  info["attention"] = core::describe_attention(spec);
  info["positional_encoding"] = core::describe_positions(spec);
  info["blocks"] = core::describe_blocks(spec);
  info["output_head"] = spec.has_output_head;
  info["parameters"] = model.tensors().parameter_count;
  info["tensors"] = model.tensors().tensor_count;
  info["folder"] = python_model.folder().string();
  return info;
}

py::dict tokens_of(const core::Tokenization& tokens) {
  py::dict result;
  result["tokens"] = tokens.tokens;
  result["ids"] = tokens.ids;
  result["unknown"] = tokens.unknown;
  result["truncated"] = tokens.truncated;
  return result;
}

}  // namespace

void bind_model(py::module_& module) {
  py::class_<PythonModel>(module, "Model", "A loaded model (attnscope.open).")
      .def_property_readonly("info", &info_of,
                             "name, family, class_name, architecture, layers, heads, d_model, sizes, parameters, "
                             "and the folder opened, as a dict.")
      .def_property_readonly("folder", [](const PythonModel& model) { return model.folder().string(); },
                             "The folder opened (a Hugging Face cache id resolves to its snapshot).")
      .def_property_readonly("note", &PythonModel::note,
                             "Where the model came from when it was not a plain folder ('' otherwise).")
      .def_property_readonly(
          "kinds",
          [](const PythonModel& model) {
            std::vector<std::string> kinds;
            for (const core::AttentionKind kind : {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf,
                                                   core::AttentionKind::DecoderCross}) {
              if (model.model().spec().layers(kind) > 0) kinds.emplace_back(core::to_string(kind));
            }
            return kinds;
          },
          "The attention kinds this model has.")
      .def(
          "tokenize",
          [](const PythonModel& model, const std::string& text, bool target) {
            return tokens_of(model.tokenize(text, target));
          },
          py::arg("text"), py::arg("target") = false,
          "The text as the model reads it: {'tokens', 'ids', 'unknown', 'truncated'}. target=True uses an "
          "encoder-decoder model's decoder tokenizer.")
      .def(
          "trace",
          [](const PythonModel& model, const std::string& text, const std::optional<std::string>& target, bool no_pe,
             const std::string& attention, const std::optional<std::string>& text_pair) {
            const py::gil_scoped_release unlocked;
            return model.trace(text, target.value_or(""), no_pe, attention, text_pair);
          },
          py::arg("text"), py::arg("target") = py::none(), py::arg("no_pe") = false, py::arg("attention") = "auto",
          py::kw_only(), py::arg("text_pair") = py::none(),
          "One forward pass: its attention as a Trace. target: the decoder's input of an encoder-decoder model "
          "(None: the model's own greedy output). no_pe=True: without positional encoding. attention: 'dense' "
          "keeps every α̂; 'on-demand' keeps each layer's queries and keys and computes α̂ when asked (a long "
          "input); 'auto' (default) chooses on demand above 1 GiB of attention, as the core does. text_pair: text B "
          "of a sentence pair read with text as text A (BERT's [CLS] A [SEP] B [SEP]; docs/reading.md).")
      .def(
          "heads",
          [](const PythonModel& model, const std::optional<std::string>& text, const std::optional<std::string>& target,
             bool no_pe, int window, const std::optional<std::string>& text_pair, bool words, bool hide_special,
             const std::optional<HideTokens>& hide_token, const std::optional<CorpusArgument>& corpus,
             const std::optional<py::function>& progress) {
            const core::ReadingOptions reading = reading_options(ReadingArguments{words, hide_special, hide_token, {}});
            const ProgressHook hook(progress);
            if (!corpus) {
              if (!text) throw core::InputError("give text or corpus (one of them)");
              return head_rows(run_cancellable(hook, [&] {
                return model.heads(*text, target.value_or(""), no_pe, window, text_pair, reading, hook.counts());
              }));
            }
            // the CLI's heads --corpus: one input per line
            if (text) throw core::InputError("give text or corpus (one of them)");
            if (target) throw core::InputError("target goes with text; a corpus line gives its target after a tab");
            if (text_pair) {
              throw core::InputError(
                  "text_pair goes with text, not corpus (a corpus line is one text, or source<TAB>target)");
            }
            const auto* path = std::get_if<std::filesystem::path>(&*corpus);
            const std::string name = path ? path->string() : std::string("corpus");
            return head_rows(run_cancellable(hook, [&] {
              const std::vector<std::string> lines =
                  path ? core::read_corpus_lines(name) : std::get<std::vector<std::string>>(*corpus);
              return model.corpus_heads(lines, name, no_pe, window, reading, hook.counts(), hook.signals_only());
            }));
          },
          py::arg("text") = py::none(), py::arg("target") = py::none(), py::arg("no_pe") = false,
          py::arg("window") = 2, py::kw_only(), py::arg("text_pair") = py::none(), py::arg("words") = false,
          py::arg("hide_special") = false, py::arg("hide_token") = py::none(), py::arg("corpus") = py::none(),
          py::arg("progress") = py::none(),
          "Every head's metrics and class, one dict per head, as `attnscope-cli heads --format json` "
          "(docs/head-metrics.md); text_pair and the reading options (words, hide_special, hide_token) as for "
          "trace() and Trace.attention(): the metrics of the matrices read as text. corpus (instead of text): a "
          "file or a list of lines, one input each, averaged as `attnscope-cli heads --corpus`. progress(done, "
          "total): lines done (blocks of the pass for one text); returning False cancels (Cancelled).")
      .def(
          "generate",
          [](const PythonModel& model, const std::string& text, std::optional<int> max_tokens, bool no_pe) {
            const py::gil_scoped_release unlocked;
            return model.generate(text, max_tokens, no_pe);
          },
          py::arg("text"), py::arg("max_tokens") = py::none(), py::arg("no_pe") = false,
          "Greedy output for text, at most max_tokens new tokens (None: up to the model's maximum length).")
      .def("lens", &lens_grid, py::arg("text"), py::arg("target") = py::none(), py::arg("no_pe") = false,
           py::arg("top") = 5,
           "The logit lens (docs/methods.md): the prediction read from the embeddings and after every layer at "
           "every position, as `attnscope-cli lens --format json` gives it: a dict of stack, rows, tokens, ids and "
           "top[row][position] = [{'id', 'token', 'probability'}, ...] (the top predictions, best first).")
      .def("qk", &qk_dict, py::arg("text"), py::arg("layer"), py::arg("head"), py::arg("query"), py::kw_only(),
           py::arg("kind") = py::none(), py::arg("target") = py::none(), py::arg("no_pe") = false,
           "The q·k view of one head for one query (docs/methods.md), as `attnscope-cli qk --format json`: a dict "
           "of q [d_h], k and products [key, d_h], content, alpha (-inf where masked), alpha_hat, masked [key], "
           "and for rotary models q_rotated, k_rotated, content_unrotated, rotation. kind: None for the model's "
           "first attention kind.")
      .def("qk_map", &qk_map_dict, py::arg("corpus"), py::arg("layer"), py::arg("head"), py::kw_only(),
           py::arg("kind") = py::none(), py::arg("normalise") = false, py::arg("max_points") = 200000,
           py::arg("no_pe") = false,
           "The query/key map of one head over a corpus file (one sentence per line; docs/methods.md), as "
           "`attnscope-cli qk-map`: a dict of arrays x, y, sentence, line, position, and lists token and kind "
           "('q' or 'k'), one entry per point; explained (each axis's share of the spread), sentences, notes.")
      .def("search", &search_dict, py::arg("corpus"), py::arg("layer") = py::none(), py::arg("head") = py::none(),
           py::kw_only(), py::arg("token"), py::arg("heads") = py::none(), py::arg("kind") = py::none(),
           py::arg("mode") = "from", py::arg("limit") = 20, py::arg("no_pe") = false, py::arg("progress") = py::none(),
           "Corpus search (docs/methods.md), as `attnscope-cli search --format jsonl`: where the head (or "
           "head='all': every head of the layer) attends most from the token (mode 'from'), to it ('to'), or has "
           "it as top key ('top-key'); heads=[(layer, head), ...] or [(kind, layer, head), ...] searches several "
           "heads of one kind (the CLI's --heads). A dict of hits (best first, one dict each), matches (before the "
           "limit), ids (the ids token matched), heads (searched), notes. progress(done, total): sentences done; "
           "returning False cancels (Cancelled).")
      .def(
          "ablate",
          [](const PythonModel& model, const std::string& text, const std::vector<HeadArgument>& heads,
             const std::optional<std::string>& target, int top, bool no_pe, const std::string& method, bool words,
             bool hide_special, const std::optional<HideTokens>& hide_token, std::optional<double> top_p) {
            return ablate_dict(model, text, heads, target, top, no_pe,
                               ComparisonArguments{method, ReadingArguments{words, hide_special, hide_token, {}}, top_p});
          },
          py::arg("text"), py::arg("heads"), py::kw_only(), py::arg("target") = py::none(), py::arg("top") = 5,
          py::arg("no_pe") = false, py::arg("method") = "raw", py::arg("words") = false, py::arg("hide_special") = false,
          py::arg("hide_token") = py::none(), py::arg("top_p") = py::none(),
           "Switches heads off ([(layer, head), ...] in the model's own stack, or (kind, layer, head)) and says what "
           "changes, as `attnscope-cli ablate --format json`: prediction (the next-token top with before, after and "
           "delta, and kl_divergence; None without an output layer, with prediction_note) and attention_change "
           "(the largest change of every layer's α̂). "
           "Both passes are read with method (raw, norm, value-zeroing, rollout, flow) and the reading "
           "keywords (words, hide_special, hide_token, top_p) before they are subtracted, as the CLI reads them "
           "with --method and its reading flags; read says how.")
      .def(
          "edit",
          [](const PythonModel& model, const std::string& text, const std::vector<EditArgument>& edits,
             const std::optional<std::string>& target, const std::optional<std::string>& side, int top, bool no_pe,
             const std::string& method, bool words, bool hide_special, const std::optional<HideTokens>& hide_token,
             std::optional<double> top_p) {
            return edit_dict(model, text, edits, target, side, top, no_pe,
                             ComparisonArguments{method, ReadingArguments{words, hide_special, hide_token, {}}, top_p});
          },
          py::arg("text"), py::arg("edits"), py::kw_only(), py::arg("target") = py::none(), py::arg("side") = py::none(),
          py::arg("top") = 5, py::arg("no_pe") = false, py::arg("method") = "raw", py::arg("words") = false,
          py::arg("hide_special") = false, py::arg("hide_token") = py::none(), py::arg("top_p") = py::none(),
           "Token edits [('mask', i), ('delete', i), ('replace', i, text)], each position counted in the tokens as "
           "typed, and what changes, as `attnscope-cli diff --edit`: each side's tokens and ids before and after "
           "with the "
           "aligned positions, prediction as ablate's, and layers: per layer the difference B − A of α̂ over the "
           "aligned tokens, float32 [head, query, key]. "
           "Both passes are read with method (raw, norm, value-zeroing, rollout, flow) and the reading "
           "keywords (words, hide_special, hide_token, top_p) before they are subtracted, as the CLI reads them "
           "with --method and its reading flags; read says how.")
      .def(
          "compare",
          [](const PythonModel& model, const std::string& text, const std::optional<std::string>& target,
             const std::optional<std::string>& compare_text, const std::optional<std::string>& compare_target,
             const py::object& compare_model, bool compare_pe, int top, const std::string& method, bool words,
             bool hide_special, const std::optional<HideTokens>& hide_token, std::optional<double> top_p,
             const std::optional<std::string>& text_pair, const std::optional<std::string>& compare_text_pair,
             const std::optional<std::string>& pair_filter) {
            return compare_dict(
                model, text, target, compare_text, compare_target, compare_model, compare_pe, top,
                ComparisonArguments{method, ReadingArguments{words, hide_special, hide_token, pair_filter}, top_p},
                text_pair, compare_text_pair);
          },
          py::arg("text"), py::kw_only(), py::arg("target") = py::none(), py::arg("compare_text") = py::none(),
          py::arg("compare_target") = py::none(), py::arg("compare_model") = py::none(), py::arg("compare_pe") = false,
          py::arg("top") = 5, py::arg("method") = "raw", py::arg("words") = false, py::arg("hide_special") = false,
          py::arg("hide_token") = py::none(), py::arg("top_p") = py::none(), py::arg("text_pair") = py::none(),
          py::arg("compare_text_pair") = py::none(), py::arg("pair_filter") = py::none(),
           "Two passes and what changes, as `attnscope-cli diff --compare-text/--compare-model/--compare-pe`: "
           "exactly one of compare_text (another sentence, tokens aligned by longest common subsequence; "
           "compare_target its target), compare_model (another checkpoint of the same architecture: a Model or a "
           "folder; the same ids, aligned by position) and compare_pe=True (A without positional encoding, B "
           "with). A dict of compare, a, b, each side's tokens, ids and aligned positions, prediction as ablate's, "
           "and layers: per layer the difference B − A of α̂ over the aligned tokens, float32 [head, query, key]. "
           "Both passes are read with method (raw, norm, value-zeroing, rollout, flow) and the reading "
           "keywords (words, hide_special, hide_token, top_p) before they are subtracted, as the CLI reads them "
           "with --method and its reading flags; read says how. text_pair: text B of a sentence pair "
           "(--text-pair), each pass with its own token types; with compare_text, compare_text_pair is the second "
           "pair's text B (--compare-text-pair) and the pairs are aligned text by text; pair_filter (AA, AB, BA, "
           "BB) reads one block of both passes.")
      .def("__repr__", [](const PythonModel& model) {
        return "<attnscope.Model " + model.model().spec().name + " (" + model.model().spec().family + ")>";
      });

  module.def(
      "open",
      [](const std::filesystem::path& path, const std::string& precision,
         const std::optional<MemorySize>& memory_budget, int threads) {
        const std::size_t budget = memory_budget_argument(memory_budget, core::default_memory_budget());
        const py::gil_scoped_release unlocked;
        return PythonModel(path.string(), precision, budget, threads);
      },
      py::arg("path"), py::arg("precision") = "exact", py::arg("memory_budget") = py::none(), py::arg("threads") = 0,
      "Opens a model folder, or a repository id (\"org/name\") already in the Hugging Face cache (an existing "
      "folder of that name wins; nothing is downloaded), or a .gguf file. precision: \"exact\" or \"fast\"; "
      "memory_budget: bytes or \"2G\" (None: half the available RAM; 0: no limit) for each pass, and for what a "
      "GGUF file's dequantised weights take when it opens; threads: 0 for the default.");
}

}  // namespace attnscope_python
