#pragma once
// Typed errors: the core never aborts on user input; it throws one of these with enough
// context (file, tensor, expected, found) for a one-line message the user can act on.

#include <stdexcept>
#include <string>

namespace core {

// A model folder that cannot be opened: message names the file and, where there is one, the tensor.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Text or ids the model cannot take (bad id, empty input where one is required).
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Work given up because its caller no longer wants the result (a newer request superseded it).
class Cancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace core
