#pragma once
// The method switch (docs/methods.md) as the GUI sees it: each method's name and one-line
// explanation, and the job that computes a method's matrices from the result on show. Pure (no
// Qt threading): the MethodController runs computeMethod on the JobRunner's Method lane.

#include <array>
#include <memory>

#include <QString>

#include "analysis.h"
#include "analysis/methods/attention_method.h"
#include "analysis/methods/method_options.h"

namespace ui {

// Every method, in the selector's order.
inline constexpr std::array<core::AttentionMethod, 5> kAttentionMethods = {
    core::AttentionMethod::Raw, core::AttentionMethod::Norm, core::AttentionMethod::ValueZeroing,
    core::AttentionMethod::Rollout, core::AttentionMethod::Flow};

// "Raw attention", "Norm-based", "Value zeroing", "Rollout", "Attention flow" (translated).
QString methodName(core::AttentionMethod method);
// One line: what the method shows, and whether it has a matrix per head or per layer.
QString methodToolTip(core::AttentionMethod method);

// A method's matrices for one result: the trace's shape, one matrix per layer for the per-layer
// methods. analysis and positionalEncoding say which result and which pass it was computed from.
struct MethodTrace {
  std::shared_ptr<const Analysis> analysis;
  core::AttentionMethod method = core::AttentionMethod::Raw;
  bool positionalEncoding = true;
  core::AttentionTrace trace;
  QString error;  // the core's message (an input error, or "… cancelled"); then trace is empty
  bool cancelled = false;  // the user stopped it: choosing the method again computes it again
};

// Runs the method over the analysis's tokens, with the analysis's precision and threads.
// progress reports the fraction done and may cancel (core::Cancelled, reported in error).
// Never throws.
MethodTrace computeMethod(std::shared_ptr<const Analysis> analysis, core::AttentionMethod method,
                          bool positionalEncoding, const core::MethodProgress& progress = {});

}  // namespace ui
