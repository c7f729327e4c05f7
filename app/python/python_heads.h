#pragma once
// The head table as Python sees it: one dict per head, with the keys and values of
// `attnscope-cli heads --format json` (app/cli_heads.cpp) in the order of its CSV columns: kind,
// layer, head, class, then each metric of docs/head-metrics.md (None where a metric does not
// apply; "induction" only where it does). tests/python checks the two stay identical.

#include <pybind11/pybind11.h>

#include "analysis/head_analysis.h"

namespace attnscope_python {

pybind11::list head_rows(const core::HeadReport& report);

}  // namespace attnscope_python
