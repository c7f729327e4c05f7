#pragma once
// The method switch (docs/methods.md) as the GUI sees it: each method's name and one-line
// explanation, and the job that computes a method's matrices from the result on show. Pure (no
// Qt threading): the MethodController runs computeMethod on the JobRunner's Method lane.

#include <array>
#include <memory>
#include <vector>

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

// Rollout and flow average a layer's heads into Â; the user may choose which (MethodTrace::heads).
bool averagesHeads(core::AttentionMethod method);
// heads from 0 as the views name them, from 1: "heads 1, 3"; empty (every head): "all heads".
QString methodHeadsLabel(const std::vector<int> &heads);
// A per-layer method's one matrix: "Rollout (all heads)", "Rollout (heads 1, 3)".
QString perLayerName(core::AttentionMethod method, const std::vector<int> &heads = {});

// Value zeroing and flow cost far more per query row than the pass itself; on an on-demand trace
// (a long input) they run on an evenly spaced sample of at most this many query rows, the others
// left 0, and the views say so (sampleCaption).
inline constexpr int kMethodQuerySample = core::method_query_sample;
// count rows of 0 … rows − 1, evenly spaced, the first and the last included (core::sampled_queries:
// i_k = ⌊k (rows − 1) / (count − 1) + ½⌋). Every row when rows ≤ count.
std::vector<int> sampledQueries(int rows, int count = kMethodQuerySample);
// "queries sampled: 64 of 4096 (other rows 0)", translated; empty when queries is empty (every row).
QString sampleCaption(const std::vector<int> &queries, int rows);

// A method's matrices for one result: the trace's shape, one matrix per layer for the per-layer
// methods. analysis and positionalEncoding say which result and which pass it was computed from.
struct MethodTrace {
  std::shared_ptr<const Analysis> analysis;
  core::AttentionMethod method = core::AttentionMethod::Raw;
  bool positionalEncoding = true;
  core::AttentionTrace trace;
  QString error;  // the core's message (an input error, or "… cancelled"); then trace is empty
  bool cancelled = false;  // the user stopped it: choosing the method again computes it again
  // The query rows computed (a sample on a long input: kMethodQuerySample); empty: every row.
  std::vector<int> queries;
  int queryRows = 0;  // the rows the sample was drawn from
  // Rollout and flow: the heads each layer's Â averaged (from 0, sorted); empty: every head.
  std::vector<int> heads;
};

// Runs the method over the analysis's tokens, with the analysis's precision and threads.
// progress reports the fraction done and may cancel (core::Cancelled, reported in error).
// heads: rollout and flow average only these (from 0; empty: every head); the others ignore it.
// Never throws.
MethodTrace computeMethod(std::shared_ptr<const Analysis> analysis, core::AttentionMethod method,
                          bool positionalEncoding, const core::MethodProgress& progress = {},
                          const std::vector<int>& heads = {});

}  // namespace ui
