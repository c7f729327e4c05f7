#include "attention_methods.h"

#include <algorithm>
#include <exception>

#include <QCoreApplication>
#include <QStringList>

#include "tensor/errors.h"

namespace ui {

QString methodName(core::AttentionMethod method) {
  switch (method) {
    case core::AttentionMethod::Raw:
      return QCoreApplication::translate("ui::AttentionMethods", "Raw attention");
    case core::AttentionMethod::Norm:
      return QCoreApplication::translate("ui::AttentionMethods", "Norm-based");
    case core::AttentionMethod::ValueZeroing:
      return QCoreApplication::translate("ui::AttentionMethods", "Value zeroing");
    case core::AttentionMethod::Rollout:
      return QCoreApplication::translate("ui::AttentionMethods", "Rollout");
    case core::AttentionMethod::Flow:
      return QCoreApplication::translate("ui::AttentionMethods", "Attention flow");
  }
  return {};
}

QString methodToolTip(core::AttentionMethod method) {
  switch (method) {
    case core::AttentionMethod::Raw:
      return QCoreApplication::translate("ui::AttentionMethods",
                                         "Per head: the attention weights α̂ as the forward pass computed them");
    case core::AttentionMethod::Norm:
      return QCoreApplication::translate(
          "ui::AttentionMethods", "Per head: ‖α̂ · W^O v‖, how much of each key actually reaches the query (Kobayashi 2020)");
    case core::AttentionMethod::ValueZeroing:
      return QCoreApplication::translate(
          "ui::AttentionMethods",
          "Per layer (all heads): how far the query's output moves when the key's value is zeroed (Mohebbi 2023)");
    case core::AttentionMethod::Rollout:
      return QCoreApplication::translate(
          "ui::AttentionMethods",
          "Per layer (all heads): heads averaged with the residual, multiplied through the layers (Abnar 2020)");
    case core::AttentionMethod::Flow:
      return QCoreApplication::translate(
          "ui::AttentionMethods",
          "Per layer (all heads): the maximum flow from each input token through the layers (Abnar 2020); slow");
  }
  return {};
}

bool averagesHeads(core::AttentionMethod method) {
  return method == core::AttentionMethod::Rollout || method == core::AttentionMethod::Flow;
}

QString methodHeadsLabel(const std::vector<int> &heads) {
  if (heads.empty()) return QCoreApplication::translate("ui::AttentionMethods", "all heads");
  QStringList numbers;
  for (const int head : heads) numbers << QString::number(head + 1);
  return QCoreApplication::translate("ui::AttentionMethods", "heads %1").arg(numbers.join(QStringLiteral(", ")));
}

QString perLayerName(core::AttentionMethod method, const std::vector<int> &heads) {
  return QCoreApplication::translate("ui::AttentionMethods", "%1 (%2)").arg(methodName(method), methodHeadsLabel(heads));
}

std::vector<int> sampledQueries(int rows, int count) { return core::sampled_queries(rows, count); }

QString sampleCaption(const std::vector<int> &queries, int rows) {
  if (queries.empty()) return {};
  return QCoreApplication::translate("ui::AttentionMethods", "queries sampled: %1 of %2 (other rows 0)")
      .arg(queries.size())
      .arg(rows);
}

namespace {

// The rows every kind of the pass has (the sample must exist in each; chosen_queries checks it).
int commonQueryRows(const core::AttentionTrace &trace) {
  int rows = -1;
  for (const core::AttentionKind kind :
       {core::AttentionKind::EncoderSelf, core::AttentionKind::DecoderSelf, core::AttentionKind::DecoderCross}) {
    if (trace.layer_count(kind) == 0) continue;
    const int count = trace.query_count(kind, 0);
    rows = rows < 0 ? count : std::min(rows, count);
  }
  return std::max(rows, 0);
}

}  // namespace

MethodTrace computeMethod(std::shared_ptr<const Analysis> analysis, core::AttentionMethod method,
                          bool positionalEncoding, const core::MethodProgress& progress, const std::vector<int>& heads) {
  MethodTrace result;
  result.method = method;
  if (averagesHeads(method)) result.heads = heads;
  result.positionalEncoding = positionalEncoding;
  result.analysis = std::move(analysis);
  const Analysis* source = result.analysis.get();
  if (!source || !source->model || !source->error.isEmpty()) return result;
  core::MethodOptions options;
  options.progress = progress;
  options.heads = result.heads;
  // a long input (its trace on demand): value zeroing and flow on a sample of query rows
  const core::AttentionTrace *pass = source->trace(positionalEncoding);
  const bool perQueryCost = method == core::AttentionMethod::ValueZeroing || method == core::AttentionMethod::Flow;
  if (pass && !pass->is_dense() && perQueryCost) {
    result.queryRows = commonQueryRows(*pass);
    if (result.queryRows > kMethodQuerySample) {
      result.queries = sampledQueries(result.queryRows);
      options.queries = result.queries;
    }
  }
  try {
    core::MethodResult computed =
        core::compute_attention_method(*source->model, source->source.ids, source->target.ids, method,
                                       source->forwardOptions(positionalEncoding), options);
    result.trace = std::move(computed.trace);
  } catch (const core::Cancelled& error) {
    result.error = QString::fromStdString(error.what());
    result.cancelled = true;
  } catch (const std::exception& error) {
    // core::InputError, core::Cancelled, core::MemoryBudgetError: the message is for the user.
    result.error = QString::fromStdString(error.what());
  }
  return result;
}

}  // namespace ui
