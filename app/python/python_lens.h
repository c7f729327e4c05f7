#pragma once
// Model.lens: the logit lens (core/analysis/methods/logit_lens.h, docs/methods.md) as Python sees
// it: a dict with the keys and values of `attnscope-cli lens --format json` (app/cli_lens.cpp)
// except "model" and "method": stack, rows, tokens, ids and top[row][position] = [{"id", "token",
// "probability"}, …]. tests/python checks the two stay identical.

#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "python_model.h"

namespace attnscope_python {

pybind11::dict lens_grid(const PythonModel& model, const std::string& text, const std::optional<std::string>& target,
                         bool no_pe,
                         int top);

}  // namespace attnscope_python
