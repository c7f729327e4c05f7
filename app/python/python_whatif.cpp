#include "python_whatif.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "analysis/reading/token_reading.h"
#include "analysis/whatif/comparison.h"
#include "analysis/whatif/token_alignment.h"
#include "analysis/whatif/token_edit.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "python_arguments.h"
#include "python_methods.h"
#include "tensor/errors.h"

namespace py = pybind11;

namespace attnscope_python {

namespace {

// An id past the tokenizer's vocabulary (a padded embedding table) by number, as the CLI does.
std::string token_text(const core::Tokenizer& vocabulary, int id) {
  return id < vocabulary.vocab_size() ? vocabulary.token(id) : "<id " + std::to_string(id) + ">";
}

py::dict predicted(const core::Tokenizer& vocabulary, int id) {
  py::dict token;
  token["id"] = id;
  token["token"] = token_text(vocabulary, id);
  return token;
}

// {"kl_divergence", "top_before", "top_after", "top": [{"id", "token", "before", "after", "delta"}]}
py::dict prediction_dict(const core::PredictionChange& change, const core::Tokenizer& vocabulary) {
  py::list top;
  for (const core::TokenProbabilityChange& row : change.top) {
    py::dict entry;
    entry["id"] = row.id;
    entry["token"] = token_text(vocabulary, row.id);
    entry["before"] = row.before;
    entry["after"] = row.after;
    entry["delta"] = row.delta;
    top.append(std::move(entry));
  }
  py::dict prediction;
  prediction["kl_divergence"] = change.kl_divergence;
  prediction["top_before"] = predicted(vocabulary, change.top_before);
  prediction["top_after"] = predicted(vocabulary, change.top_after);
  prediction["top"] = top;
  return prediction;
}

core::TokenEdit edit_argument(const EditArgument& argument) {
  core::TokenEdit edit;
  std::string kind;
  int position = 0;
  if (const auto* one = std::get_if<std::tuple<std::string, int>>(&argument)) {
    std::tie(kind, position) = *one;
    if (kind == "replace") throw core::InputError("a replace edit is ('replace', position, text): the text is missing");
  } else {
    std::tie(kind, position, edit.replacement) = std::get<std::tuple<std::string, int, std::string>>(argument);
    if (kind != "replace") {
      throw core::InputError("only a replace edit takes a text: ('" + kind + "', " + std::to_string(position) + ")");
    }
  }
  if (kind == "mask")
    edit.kind = core::TokenEditKind::Mask;
  else if (kind == "delete")
    edit.kind = core::TokenEditKind::Delete;
  else if (kind == "replace")
    edit.kind = core::TokenEditKind::Replace;
  else
    throw core::InputError("an edit is 'mask', 'delete' or 'replace', not '" + kind + "'");
  if (position < 0) throw core::InputError("an edit's position counts from 0, not " + std::to_string(position));
  edit.position = static_cast<std::size_t>(position);
  return edit;
}

}  // namespace

core::ComparisonReading comparison_reading(const ComparisonArguments& arguments) {
  core::ComparisonReading reading;
  reading.method = method_argument(arguments.method);
  reading.reading = reading_options(arguments.reading);
  if (arguments.top_p) {
    if (!(*arguments.top_p > 0.0 && *arguments.top_p <= 1.0))
      throw core::InputError("top_p is a share p with 0 < p ≤ 1, not " + std::to_string(*arguments.top_p));
    reading.top_p = *arguments.top_p;
  }
  return reading;
}

core::Comparison compare_read(const core::ComparedPass& a, const core::ComparedPass& b,
                              const core::TokenAlignment& source, const core::TokenAlignment& target, int top,
                              const core::ComparisonReading& reading) {
  core::check_hide_tokens(reading.reading,
                          std::vector<std::vector<std::string>>{a.source.tokens, a.target.tokens, b.source.tokens,
                                                                b.target.tokens});
  return core::compare_passes(a, b, source, target, top, reading);
}

py::dict read_dict(const core::Comparison& comparison) {
  py::dict read;
  read["method"] = core::to_string(comparison.method);
  read["words"] = comparison.reading.words;
  read["hide_special"] = comparison.reading.hide_special;
  read["hide_tokens"] = comparison.reading.hide_tokens;
  read["top_p"] = comparison.top_p > 0.0 ? py::object(py::float_(comparison.top_p)) : py::object(py::none());
  // a text pair's A/B filter, only when one is set (as the CLI's "read")
  if (const std::string filter = pair_filter_name(comparison.reading); !filter.empty()) read["pair_filter"] = filter;
  return read;
}

void add_prediction(py::dict& result, const core::Comparison& comparison, const core::Model& model) {
  const core::Tokenizer& vocabulary = model.spec().has_decoder() ? model.target_tokenizer() : model.source_tokenizer();
  if (comparison.prediction) {
    result["prediction"] = prediction_dict(*comparison.prediction, vocabulary);
  } else {
    result["prediction"] = py::none();
    result["prediction_note"] = comparison.prediction_note;
  }
}

PassPair same_passes(const core::Model& model, const std::string& text, const std::string& target,
                     const core::ForwardOptions& options, const std::optional<std::string>& text_pair) {
  const core::ModelInput input = text_pair ? core::prepare_pair_inputs(model, text, *text_pair, target, options)
                                           : core::prepare_inputs(model, text, target, options);
  PassPair pair;
  pair.a = core::ComparedPass{&model, input.source, input.target, options};
  pair.a.options.token_types = core::token_types_for(model, input.source);  // a BERT pair's text B: type 1
  pair.b = pair.a;
  pair.source = core::identity_alignment(input.source.size(), input.source.size());
  pair.target = core::identity_alignment(input.target.size(), input.target.size());
  return pair;
}

void add_difference(py::dict& result, const core::Model& model, const core::ComparedPass& a,
                    const core::ComparedPass& b, const core::TokenAlignment& source,
                    const core::TokenAlignment& target, const core::Comparison& comparison) {
  const auto side_dict = [](const core::Tokenization& x, const core::Tokenization& y,
                            const core::TokenAlignment& alignment) {
    py::dict entry;
    entry["a_tokens"] = x.tokens;
    entry["b_tokens"] = y.tokens;
    entry["a_ids"] = x.ids;
    entry["b_ids"] = y.ids;
    entry["a_positions"] = alignment.before;
    entry["b_positions"] = alignment.after;
    return entry;
  };
  result["read"] = read_dict(comparison);
  if (model.spec().has_encoder()) result["source"] = side_dict(a.source, b.source, source);
  if (model.spec().has_decoder()) result["target"] = side_dict(a.target, b.target, target);
  add_prediction(result, comparison, model);
  py::list layers;
  for (const core::LayerDifference& layer : comparison.difference.layers) {
    const py::ssize_t rows = layer.heads.empty() ? 0 : layer.heads.front().rows();
    const py::ssize_t cols = layer.heads.empty() ? 0 : layer.heads.front().cols();
    // D = B − A over the aligned tokens: float32 [head, matched query, matched key]
    py::array_t<float> difference({static_cast<py::ssize_t>(layer.heads.size()), rows, cols});
    float* out = difference.mutable_data();
    for (const core::RowMatrix& d : layer.heads) out = std::copy(d.data(), d.data() + d.size(), out);
    py::dict entry;
    entry["kind"] = core::to_string(layer.kind);
    entry["layer"] = layer.layer;
    entry["largest"] = layer.largest;
    entry["difference"] = difference;
    layers.append(std::move(entry));
  }
  result["layers"] = layers;
}

py::dict ablate_dict(const PythonModel& model, const std::string& text, const std::vector<HeadArgument>& heads,
                     const std::optional<std::string>& target, int top, bool no_pe,
                     const ComparisonArguments& reading) {
  check_text(text);
  const core::Model& m = model.model();
  core::ComparisonReading read = comparison_reading(reading);
  read.before_name = "every head";
  read.after_name = "heads off";
  if (heads.empty()) throw core::InputError("heads is empty: give the heads to switch off, [(layer, head), …]");
  if (top < 1) throw core::InputError("top is 1 or more, not " + std::to_string(top));
  std::vector<core::HeadRef> off;
  py::list heads_off;
  for (const HeadArgument& head : heads) {
    const core::HeadRef ref = head_ref_argument(m.spec(), head);
    off.push_back(ref);
    py::dict named;
    named["kind"] = core::to_string(ref.kind);
    named["layer"] = ref.layer;
    named["head"] = ref.head;
    heads_off.append(std::move(named));
  }
  core::ForwardOptions options = model.pass_options(no_pe);
  options.attention = core::AttentionStorage::Dense;
  core::ModelInput input;
  core::Comparison comparison;
  {
    const py::gil_scoped_release unlocked;
    // A: every head (an encoder-decoder model without a target generates its output with every
    // head on, and both passes read it); B: the same tokens with the heads switched off
    input = core::prepare_inputs(m, text, target.value_or(""), options);
    core::ComparedPass all{&m, input.source, input.target, options};
    core::ComparedPass ablated = all;
    ablated.options.ablated_heads = off;
    comparison = compare_read(all, ablated, core::identity_alignment(input.source.size(), input.source.size()),
                              core::identity_alignment(input.target.size(), input.target.size()), top, read);
  }
  py::list change;
  for (const core::LayerDifference& layer : comparison.difference.layers) {
    std::vector<float> largest;
    for (const core::RowMatrix& d : layer.heads) largest.push_back(d.size() > 0 ? d.cwiseAbs().maxCoeff() : 0.0f);
    py::dict entry;
    entry["kind"] = core::to_string(layer.kind);
    entry["layer"] = layer.layer;
    entry["largest"] = layer.largest;
    entry["heads"] = largest;
    change.append(std::move(entry));
  }
  py::dict result;
  result["heads_off"] = heads_off;
  result["read"] = read_dict(comparison);
  if (m.spec().has_encoder()) result["source_tokens"] = input.source.tokens;
  if (m.spec().has_decoder()) result["target_tokens"] = input.target.tokens;
  add_prediction(result, comparison, m);
  result["attention_change"] = change;
  return result;
}

py::dict edit_dict(const PythonModel& model, const std::string& text, const std::vector<EditArgument>& edits,
                   const std::optional<std::string>& target, const std::optional<std::string>& side, int top,
                   bool no_pe, const ComparisonArguments& reading) {
  check_text(text);
  const core::Model& m = model.model();
  core::ComparisonReading read = comparison_reading(reading);
  read.before_name = "A (as typed)";
  read.after_name = "B (edited)";
  if (top < 1) throw core::InputError("top is 1 or more, not " + std::to_string(top));
  std::vector<core::TokenEdit> changes;
  for (const EditArgument& edit : edits) changes.push_back(edit_argument(edit));
  const std::string on = side.value_or(m.spec().has_encoder() ? "source" : "target");
  if (on != "source" && on != "target") throw core::InputError("side is 'source' or 'target', not '" + on + "'");
  const bool on_source = on == "source";
  if (on_source && !m.spec().has_encoder()) throw core::InputError("side 'source': the model has no encoder");
  if (!on_source && !m.spec().has_decoder()) throw core::InputError("side 'target': the model has no decoder");
  core::ForwardOptions options = model.pass_options(no_pe);
  options.attention = core::AttentionStorage::Dense;
  PassPair passes;
  core::Comparison comparison;
  {
    const py::gil_scoped_release unlocked;
    passes = same_passes(m, text, target.value_or(""), options);
    const core::Tokenizer& tokenizer = on_source ? m.source_tokenizer() : m.target_tokenizer();
    const core::EditedTokens edited =
        core::apply_token_edits(tokenizer, on_source ? passes.a.source : passes.a.target, changes);
    (on_source ? passes.b.source : passes.b.target) = edited.tokens;
    (on_source ? passes.source : passes.target) = core::alignment_from_origin(edited.origin);
    comparison = compare_read(passes.a, passes.b, passes.source, passes.target, top, read);
  }
  py::dict result;
  add_difference(result, m, passes.a, passes.b, passes.source, passes.target, comparison);
  return result;
}

}  // namespace attnscope_python
