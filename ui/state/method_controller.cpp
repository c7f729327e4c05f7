#include "method_controller.h"

#include <memory>

#include <QPointer>

#include "attention_methods.h"
#include "job_runner.h"
#include "view_state.h"

namespace ui {

MethodController::MethodController(JobRunner *runner, ViewState *state, QObject *parent)
    : QObject(parent), m_runner(runner), m_state(state) {
  connect(m_state, &ViewState::methodChanged, this, &MethodController::requestMethod);
  connect(m_state, &ViewState::analysisChanged, this, &MethodController::requestMethod);
  connect(m_state, &ViewState::positionalEncodingChanged, this, &MethodController::requestMethod);
  connect(m_state, &ViewState::methodHeadsChanged, this, &MethodController::requestMethod);
}

bool MethodController::isBusy() const { return m_runner->isBusy(JobLane::Method); }

void MethodController::cancel() { m_runner->cancel(JobLane::Method); }

void MethodController::requestMethod() {
  const std::shared_ptr<const Analysis> analysis = m_state->analysis();
  const core::AttentionMethod method = m_state->method();
  const bool encoding = m_state->positionalEncoding();
  const std::vector<int> heads = averagesHeads(method) ? m_state->methodHeads() : std::vector<int>{};
  const std::shared_ptr<const MethodTrace> shown = m_state->methodTrace();
  const bool needed = method != core::AttentionMethod::Raw && analysis && analysis->error.isEmpty() &&
                      analysis->trace(encoding) && (!shown || shown->cancelled);
  if (!needed) {
    // Whatever is in flight is for something no longer shown.
    if (isBusy()) m_runner->supersede(JobLane::Method);
    m_requestedAnalysis = nullptr;
    emit busyChanged(false);
    return;
  }
  const bool inFlight = isBusy() && m_requestedAnalysis == analysis.get() &&
                        m_requestedMethod == static_cast<int>(method) && m_requestedEncoding == encoding &&
                        m_requestedHeads == heads;
  if (inFlight) return;
  m_requestedAnalysis = analysis.get();
  m_requestedMethod = static_cast<int>(method);
  m_requestedEncoding = encoding;
  m_requestedHeads = heads;
  emit progressChanged(0.0);
  emit busyChanged(true);
  // Progress reaches the GUI thread only while the job is the lane's newest (JobRunner::post).
  JobRunner *runner = m_runner;
  QPointer<const QObject> receiver(this);
  m_runner->submit(
      JobLane::Method, this,
      [analysis, method, encoding, heads, runner, receiver, self = this](const JobContext &context) {
        const auto progress = [&](double fraction) {
          runner->post(JobLane::Method, context.id(), receiver, [self, fraction] { emit self->progressChanged(fraction); });
          return !context.stopped();
        };
        return std::make_shared<const MethodTrace>(computeMethod(analysis, method, encoding, progress, heads));
      },
      [this](std::shared_ptr<const MethodTrace> trace) {
        emit busyChanged(false);
        m_state->setMethodTrace(std::move(trace));  // false: stale, dropped
      });
}

}  // namespace ui
