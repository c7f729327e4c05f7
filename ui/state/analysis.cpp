#include "analysis.h"

#include <algorithm>
#include <chrono>

#include <QCoreApplication>

#include "tensor/errors.h"
#include "model/memory_budget.h"
#include "model/prepare_inputs.h"
#include "model/model_input.h"
#include "model/transformer.h"

namespace ui {

namespace {

// classLogits, when given, receives the pass's task-head logits (empty without a task head).
core::AttentionTrace traceFor(const core::Model& model, const Analysis& analysis, bool positionalEncoding,
                              const AnalysisProgress& progress, core::RowMatrix* classLogits = nullptr) {
  core::ForwardOptions options = analysis.forwardOptions(positionalEncoding);
  options.progress = progress;
  core::ForwardResult result = core::forward(model, analysis.source.ids, analysis.target.ids, options);
  if (classLogits) *classLogits = std::move(result.class_logits);
  return std::move(result.trace);
}

}  // namespace

Analysis runAnalysis(const AnalysisRequest& request, const AnalysisProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  Analysis analysis;
  analysis.requestId = request.id;
  analysis.thread = std::this_thread::get_id();
  analysis.model = request.model;
  analysis.sourceText = request.source;
  analysis.targetText = request.target;
  analysis.sourcePairText = request.sourcePair;
  analysis.edits = request.edits;
  analysis.precision = request.precision;
  analysis.threads = request.threads;
  analysis.memoryBudget = request.memoryBudget;
  analysis.attention = request.attention;
  analysis.denseAttentionLimit = request.denseAttentionLimit;
  const core::Model& model = *request.model;
  try {
    // The same inputs as `attnscope-cli dump` and the head analysis (core::prepare_inputs).
    core::ForwardOptions options = analysis.forwardOptions(request.positionalEncoding);
    options.progress = progress;  // generation's passes
    // With the token edits on show made on the way (core/analysis/whatif/edited_input.h).
    core::EditedInput edited = core::prepare_edited_inputs(model, request.source, request.sourcePair, request.target,
                                                           inputEdits(request.edits), options);
    analysis.typedSource = std::move(edited.typed_source);
    analysis.typedTarget = std::move(edited.typed_target);
    analysis.sourceOrigin = std::move(edited.source_origin);
    analysis.targetOrigin = std::move(edited.target_origin);
    core::ModelInput& input = edited.input;
    analysis.source = std::move(input.source);
    analysis.target = std::move(input.target);
    if (input.generated) {
      analysis.generated = true;
      analysis.generatedText = QString::fromStdString(model.target_tokenizer().decode(input.generated_ids));
    }
    // The pass with the setting on show (the What If tab computes PE on against off itself), and
    // the task head's prediction from it.
    core::RowMatrix classLogits;
    (request.positionalEncoding ? analysis.withPe : analysis.withoutPe) =
        traceFor(model, analysis, request.positionalEncoding, progress, &classLogits);
    analysis.prediction = predictTask(model, analysis.source, classLogits);
  } catch (const core::Cancelled&) {
    analysis.withPe.reset();
    analysis.withoutPe.reset();
    analysis.prediction = {};
    analysis.cancelled = true;
    analysis.error = QCoreApplication::translate("ui::Analysis",
                                                 "Cancelled. Edit the text or press Ctrl+Enter in it to compute again.");
  } catch (const std::exception& error) {
    // core::InputError above all (an empty input, an id outside the vocabulary); anything else
    // is shown the same way rather than taking the worker thread down.
    analysis.withPe.reset();
    analysis.withoutPe.reset();
    analysis.prediction = {};
    analysis.error = QString::fromStdString(error.what());
  }
  analysis.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return analysis;
}

std::size_t memoryBudgetBytes(int megabytes) {
  if (megabytes <= 0) return core::default_memory_budget();
  return static_cast<std::size_t>(megabytes) * 1024 * 1024;
}

}  // namespace ui
