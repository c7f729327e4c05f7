#include "python_compare.h"

#include <filesystem>
#include <memory>

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "analysis/whatif/architecture_match.h"
#include "analysis/whatif/comparison.h"
#include "analysis/whatif/token_alignment.h"
#include "model/model_input.h"
#include "model/prepare_inputs.h"
#include "python_arguments.h"
#include "python_whatif.h"
#include "tensor/errors.h"

namespace py = pybind11;

namespace attnscope_python {

py::dict compare_dict(const PythonModel& model, const std::string& text, const std::optional<std::string>& target,
                      const std::optional<std::string>& compare_text, const std::optional<std::string>& compare_target,
                      const py::object& compare_model, bool compare_pe, int top, const ComparisonArguments& reading,
                      const std::optional<std::string>& text_pair, const std::optional<std::string>& compare_text_pair) {
  check_text(text);
  if (reading.reading.pair_filter && !text_pair) throw core::InputError("pair_filter goes with text_pair");
  // two sentence pairs are compared text by text (core::align); a pair and one text have no texts
  // to match, so either both inputs are pairs or neither is (as attnscope-cli diff)
  if (compare_text_pair && !compare_text) throw core::InputError("compare_text_pair goes with compare_text");
  if (compare_text_pair && !text_pair) {
    throw core::InputError("compare_text_pair needs text_pair: a sentence pair is compared with another pair, text A "
                           "with text A and text B with text B");
  }
  if (text_pair && compare_text && !compare_text_pair) {
    throw core::InputError("text_pair with compare_text needs compare_text_pair: a sentence pair is compared with "
                           "another pair, text A with text A and text B with text B");
  }
  core::ComparisonReading read = comparison_reading(reading);
  const int modes = (compare_text ? 1 : 0) + (compare_model.is_none() ? 0 : 1) + (compare_pe ? 1 : 0);
  if (modes != 1) {
    throw core::InputError(
        "compare needs exactly one of compare_text, compare_model and compare_pe (token edits: Model.edit)");
  }
  if (compare_target && !compare_text) throw core::InputError("compare_target goes with compare_text");
  if (compare_text) check_text(*compare_text);
  if (top < 1) throw core::InputError("top is 1 or more, not " + std::to_string(top));
  // the second checkpoint: a Model, or a folder opened with this one's precision, budget and threads
  const PythonModel* other = nullptr;
  std::optional<std::filesystem::path> other_folder;
  if (!compare_model.is_none()) {
    if (py::isinstance<PythonModel>(compare_model))
      other = &compare_model.cast<const PythonModel&>();
    else
      try {
        other_folder = compare_model.cast<std::filesystem::path>();
      } catch (const py::cast_error&) {
        throw py::type_error("compare_model is a Model or a model folder (str or pathlib.Path)");
      }
  }
  const core::Model& m = model.model();
  core::ForwardOptions options = model.pass_options(false);
  options.attention = core::AttentionStorage::Dense;
  std::string mode;
  std::string a_name = "A";
  std::string b_name = "B";
  std::unique_ptr<PythonModel> opened;
  PassPair passes;
  core::ComparedPass& a = passes.a;
  core::ComparedPass& b = passes.b;
  core::Comparison comparison;
  {
    const py::gil_scoped_release unlocked;
    passes = same_passes(m, text, target.value_or(""), options, text_pair);
    core::TokenAlignment& source = passes.source;
    core::TokenAlignment& target_alignment = passes.target;
    if (compare_text) {
      mode = "sentences";
      const std::string second_target = compare_target.value_or("");
      const core::ModelInput second =
          compare_text_pair ? core::prepare_pair_inputs(m, *compare_text, *compare_text_pair, second_target, options)
                            : core::prepare_inputs(m, *compare_text, second_target, options);
      b.source = second.source;
      b.target = second.target;
      b.options.token_types = core::token_types_for(m, b.source);  // the second pair's text B: type 1
      // tokens aligned by longest common subsequence
      source = core::align(a.source, b.source);
      target_alignment = core::align(a.target, b.target);
      a_name = "text";
      b_name = "compare_text";
    } else if (other != nullptr || other_folder) {
      mode = "checkpoints";
      if (other_folder) {
        opened = std::make_unique<PythonModel>(other_folder->string(), core::to_string(model.options().precision),
                                               model.options().memory_budget, model.options().threads);
        other = opened.get();
      }
      a_name = model.folder().string();
      b_name = other->folder().string();
      core::check_same_architecture(m.spec(), other->model().spec(), a_name, b_name);
      // both read the same token ids (same architecture, same vocabulary sizes), position by position
      b.model = &other->model();
      b.options.token_types = core::token_types_for(other->model(), b.source);
    } else {
      mode = "pe";
      a.options.positional_encoding = false;
      a_name = "without positional encoding";
      b_name = "with positional encoding";
    }
    read.before_name = "A (" + a_name + ")";
    read.after_name = "B (" + b_name + ")";
    comparison = compare_read(a, b, source, target_alignment, top, read);
  }
  py::dict result;
  result["compare"] = mode;
  result["a"] = a_name;
  result["b"] = b_name;
  add_difference(result, m, a, b, passes.source, passes.target, comparison);
  return result;
}

}  // namespace attnscope_python
