#include "attention_methods.h"

#include <exception>

#include <QCoreApplication>

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

MethodTrace computeMethod(std::shared_ptr<const Analysis> analysis, core::AttentionMethod method,
                          bool positionalEncoding, const core::MethodProgress& progress) {
  MethodTrace result;
  result.method = method;
  result.positionalEncoding = positionalEncoding;
  result.analysis = std::move(analysis);
  const Analysis* source = result.analysis.get();
  if (!source || !source->model || !source->error.isEmpty()) return result;
  core::MethodOptions options;
  options.progress = progress;
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
