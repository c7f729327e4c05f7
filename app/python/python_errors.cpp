#include "python_errors.h"

#include <exception>
#include <string>

#include "model/memory_estimate.h"
#include "tensor/errors.h"

namespace py = pybind11;

namespace attnscope_python {

namespace {

constexpr const char* module_name = "attnscope";

// The exception type called name, looked up in the imported module rather than kept in a static:
// the module owns its types, and this runs only when an error is being raised.
py::object exception_type(const char* name) { return py::module_::import(module_name).attr(name); }

void set_error(const char* type_name, const char* message) {
  const py::object type = exception_type(type_name);
  PyErr_SetString(type.ptr(), message);
}

py::object new_exception(py::module_& module, const char* name, const py::tuple& bases, const char* doc) {
  const std::string qualified = std::string(module_name) + "." + name;
  // PyErr_NewExceptionWithDoc returns a new reference; reinterpret_steal takes it over.
  py::object type = py::reinterpret_steal<py::object>(
      PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr));
  if (!type) throw py::error_already_set();
  module.attr(name) = type;
  return type;
}

// Most specific first: MemoryBudgetError is an InputError.
void translate(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const core::MemoryBudgetError& failure) {
    set_error("MemoryBudgetError", failure.what());
  } catch (const core::InputError& failure) {
    set_error("InputError", failure.what());
  } catch (const core::LoadError& failure) {
    set_error("LoadError", failure.what());
  } catch (const core::Cancelled& failure) {
    set_error("Cancelled", failure.what());
  }
}

}  // namespace

void register_errors(py::module_& module) {
  const py::object base = new_exception(module, "Error", py::make_tuple(py::handle(PyExc_RuntimeError)),
                                        "Every error attnscope raises itself; the message is the library's.");
  new_exception(module, "LoadError", py::make_tuple(base),
                "A model folder, file or tensor that does not load; the message names it.");
  const py::object input = new_exception(module, "InputError", py::make_tuple(base, py::handle(PyExc_ValueError)),
                                         "Text or ids the model cannot take.");
  new_exception(module, "MemoryBudgetError", py::make_tuple(input),
                "Work refused because its memory estimate is over the budget; the message gives both.");
  new_exception(module, "Cancelled", py::make_tuple(base),
                "A long call given up because its progress callback returned False.");
  py::register_exception_translator(&translate);
}

}  // namespace attnscope_python
