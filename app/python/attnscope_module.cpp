// `import attnscope`: the Transformer core from Python (docs/python.md).
//   m = attnscope.open("models/translate-en-zh")        or a Hugging Face cache id, "org/name"
//   t = m.trace("The cat sat.")
//   t.attention("encoder_self", 0)                      NumPy float32 [head, query, key]
// An entry point like the two executables, so it lives in app/; it only binds core's functions.
#include <pybind11/pybind11.h>

#include "python_errors.h"
#include "python_model.h"
#include "python_trace.h"

PYBIND11_MODULE(attnscope, module) {
  module.doc() =
      "AttentionScope's Transformer core: open a model, trace its attention into NumPy arrays, measure its heads, "
      "generate. Errors are attnscope.Error (RuntimeError) subclasses carrying the library's message.";
  module.attr("__version__") = ATTNSCOPE_VERSION;
  attnscope_python::register_errors(module);
  attnscope_python::bind_trace(module);
  attnscope_python::bind_model(module);
}
