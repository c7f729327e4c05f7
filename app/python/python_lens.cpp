#include "python_lens.h"

#include <pybind11/stl.h>

#include "analysis/methods/logit_lens.h"
#include "model/prepare_inputs.h"
#include "python_arguments.h"

namespace py = pybind11;

namespace attnscope_python {

py::dict lens_grid(const PythonModel& model, const std::string& text, const std::optional<std::string>& target,
                   bool no_pe,
                   int top) {
  check_text(text);
  const core::Model& m = model.model();
  core::ForwardOptions options = model.options();
  options.positional_encoding = !no_pe;
  core::LensOptions lens_options;
  lens_options.top_k = top;
  core::AttentionKind stack{};
  core::ModelInput input;
  core::LogitLens lens;
  {
    const py::gil_scoped_release unlocked;
    stack = core::lens_stack(m.spec());  // a model without an output head: said before any work
    input = core::prepare_inputs(m, text, target.value_or(""), options);
    lens = core::logit_lens(m, input.source.ids, input.target.ids, lens_options, options);
  }
  const bool decoder = stack == core::AttentionKind::DecoderSelf;
  const core::Tokenization& tokens = decoder ? input.target : input.source;
  const core::Tokenizer& vocabulary = decoder ? m.target_tokenizer() : m.source_tokenizer();
  // an id past the tokenizer's vocabulary (a padded embedding table) by number, as the CLI does
  const auto token_text = [&](int id) {
    return id < vocabulary.vocab_size() ? vocabulary.token(id) : "<id " + std::to_string(id) + ">";
  };
  py::list grid;
  for (std::size_t r = 0; r < lens.rows.size(); ++r) {
    py::list row;
    for (std::size_t c = 0; c < lens.positions.size(); ++c) {
      py::list cell;
      for (const core::LensPrediction& p : lens.at(r, c)) {
        py::dict prediction;
        prediction["id"] = p.id;
        prediction["token"] = token_text(p.id);
        prediction["probability"] = p.probability;
        cell.append(std::move(prediction));
      }
      row.append(std::move(cell));
    }
    grid.append(std::move(row));
  }
  py::list rows;
  for (const int row : lens.rows) rows.append(row == 0 ? std::string("embeddings") : "layer " + std::to_string(row));
  py::dict result;
  result["stack"] = decoder ? "decoder" : "encoder";
  result["rows"] = rows;
  result["tokens"] = tokens.tokens;
  result["ids"] = tokens.ids;
  result["top"] = grid;
  return result;
}

}  // namespace attnscope_python
