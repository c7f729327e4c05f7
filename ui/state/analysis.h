#pragma once
// One computation the views need: the tokens as the model saw them and the attention trace with
// the positional encoding on and/or off. Pure (no Qt threading), so the worker and the tests
// call the same function.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <QMetaType>
#include <QString>

#include "model/model.h"
#include "model/model_input.h"
#include "model/transformer.h"
#include "text/tokenizer.h"
#include "model/trace.h"
#include "task_prediction.h"
#include "token_edits.h"

namespace ui {

struct AnalysisRequest {
  quint64 id = 0;
  std::shared_ptr<const core::Model> model;
  std::string source;  // encoder text; a decoder-only model's prompt
  std::string sourcePair;  // text B read with source as a pair (docs/reading.md); empty: one text
  std::string target;  // an encoder-decoder model's decoder text; empty: generate greedily
  // Token edits made on the way (token_edits.h): every trace reads the edited ids, and an empty
  // target is generated from the edited source.
  std::vector<SideEdit> edits;
  bool positionalEncoding = true;  // the trace the views show; generation uses the same setting
  core::Precision precision = core::Precision::Exact;  // Settings ▸ Precision
  int threads = 0;                 // Settings ▸ Threads; 0: the core's default
  std::size_t memoryBudget = 0;    // Settings ▸ Memory budget in bytes; 0: no limit (core::ForwardOptions)
  // How the trace keeps α̂ (core::AttentionStorage): Auto stores every head's α̂ while they fit
  // denseAttentionLimit bytes, else Q and K per layer, and a view's head is recomputed when asked.
  core::AttentionStorage attention = core::AttentionStorage::Auto;
  std::size_t denseAttentionLimit = core::ForwardOptions{}.dense_attention_limit;
};

// Called on the worker after each block of a pass with (blocks done, blocks in the pass);
// returning false stops the computation (core::Cancelled): Cancel, or a newer request.
using AnalysisProgress = std::function<bool(int done, int total)>;

struct Analysis {
  quint64 requestId = 0;
  std::shared_ptr<const core::Model> model;  // keeps the trace's model alive and identifies it
  std::string sourceText;     // the request's text, so the GUI can tell whether a result is for
  std::string targetText;     // what it shows without tokenizing on its own thread
  std::string sourcePairText;  // the request's text B (empty: one text)
  core::Tokenization source;  // empty for a decoder-only model; after the edits
  core::Tokenization target;  // empty for an encoder-only model; after the edits
  // The token edits (ViewState::tokenEdits when requested) and the tokens before them; origin maps
  // a position of source/target to its position as typed (−1: a new piece of a replacement).
  std::vector<SideEdit> edits;
  core::Tokenization typedSource;
  core::Tokenization typedTarget;
  std::vector<int> sourceOrigin;
  std::vector<int> targetOrigin;
  bool generated = false;     // the target is the model's own greedy output
  QString generatedText;      // that output as readable text (special tokens dropped)
  std::optional<core::AttentionTrace> withPe;
  std::optional<core::AttentionTrace> withoutPe;
  TaskPrediction prediction;  // a fine-tuned encoder's task head on the pass the views show; else empty
  QString error;              // a core::InputError message; then there are no traces
  bool cancelled = false;     // stopped by Cancel (error says so)
  double milliseconds = 0;    // wall time of the computation
  // How the passes computed (Settings ▸ Precision, Threads, Memory budget): passes derived from this
  // analysis (ablation, induction scores) compute the same way, so their numbers compare.
  core::Precision precision = core::Precision::Exact;
  int threads = 0;
  std::size_t memoryBudget = 0;
  core::AttentionStorage attention = core::AttentionStorage::Auto;
  std::size_t denseAttentionLimit = core::ForwardOptions{}.dense_attention_limit;
  std::thread::id thread;     // the thread that ran it: never the GUI thread (tst_main_window)

  core::ForwardOptions forwardOptions(bool positionalEncoding) const {
    core::ForwardOptions options;
    options.positional_encoding = positionalEncoding;
    options.precision = precision;
    options.threads = threads;
    options.memory_budget = memoryBudget;
    // Dense below the limit, as before; above it on demand, and the views ask the trace for the
    // heads they show (makeSlice through AttentionTrace::attention).
    options.attention = attention;
    options.dense_attention_limit = denseAttentionLimit;
    // a BERT text pair's second text reads token type 1, in every pass made from this analysis
    if (model) options.token_types = core::token_types_for(*model, source);
    return options;
  }

  const core::AttentionTrace* trace(bool positionalEncoding) const {
    const auto& chosen = positionalEncoding ? withPe : withoutPe;
    return chosen ? &*chosen : nullptr;
  }
};

// Tokenizes, generates when the target is empty and the model can, and runs the forward pass(es).
// Never throws: input errors, the memory guard's refusal and a cancel come back in Analysis::error.
// progress (may be empty) follows each pass, generation's included.
Analysis runAnalysis(const AnalysisRequest& request, const AnalysisProgress& progress = {});

// Settings ▸ Memory budget as AnalysisRequest::memoryBudget: megabytes (MiB) in bytes; 0: half the
// RAM available now (core::default_memory_budget), read at each call as other programs come and go.
std::size_t memoryBudgetBytes(int megabytes);


}  // namespace ui

Q_DECLARE_METATYPE(std::shared_ptr<const ui::Analysis>)
Q_DECLARE_METATYPE(std::shared_ptr<const core::Model>)
