#pragma once
// What a piece of the window's background work was asked for (the Attention tab's slices, the
// Model overview's fill): a key naming the step, options and view, and the result and method it
// reads. The weak pointers tell a new result from a freed one whose address the key also holds.

#include <memory>

#include <QString>

#include "analysis.h"
#include "attention_methods.h"

namespace ui {

struct ResultKey {
  QString key;  // empty: nothing asked for
  std::weak_ptr<const Analysis> analysis;
  std::weak_ptr<const MethodTrace> method;

  bool empty() const { return key.isEmpty(); }
  // Asked for `other` of this very result and method (not of freed ones at the same addresses).
  bool names(const QString &other, const std::shared_ptr<const Analysis> &result,
             const std::shared_ptr<const MethodTrace> &trace) const {
    return !key.isEmpty() && other == key && analysis.lock() == result && method.lock() == trace;
  }
  void clear() { *this = {}; }
};

}  // namespace ui
