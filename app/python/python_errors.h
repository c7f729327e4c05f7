#pragma once
// The module's exceptions and how core's errors become them:
//   attnscope.Error             (RuntimeError)  the base: every error the library raises itself
//   attnscope.LoadError         (Error)         core::LoadError: a folder, file or tensor that does not load
//   attnscope.InputError        (Error, ValueError)  core::InputError: text or ids the model cannot take
//   attnscope.MemoryBudgetError (InputError)    core::MemoryBudgetError, and an attention_all() copy
//                                               over the budget
//   attnscope.Cancelled         (Error)         core::Cancelled: a long call whose progress(done, total)
//                                               returned False (python_progress.h)
// Each carries core's message unchanged ("model.safetensors: tensor '…' has wrong shape; …").

#include <pybind11/pybind11.h>

namespace attnscope_python {

// Creates the five exception types in module and registers the translation of core's errors.
void register_errors(pybind11::module_& module);

}  // namespace attnscope_python
