#include "analysis_controller.h"

#include <exception>

#include "families/load_model.h"
#include "job_runner.h"

namespace ui {

namespace {

struct LoadResult {
  std::shared_ptr<const core::Model> model;
  QString folder;
  QString error;  // a core::LoadError, or anything else the file system threw: the user's to fix
};

LoadResult load(const QString &folder, std::size_t memoryBudget) {
  LoadResult result{nullptr, folder, {}};
  try {
    result.model = std::make_shared<const core::Model>(core::load_model(folder.toStdString(), memoryBudget));
  } catch (const std::exception &error) {
    result.error = QString::fromStdString(error.what());
  }
  return result;
}

}  // namespace

AnalysisController::AnalysisController(JobRunner *runner, QObject *parent) : QObject(parent), m_runner(runner) {
  qRegisterMetaType<std::shared_ptr<const ui::Analysis>>();
  qRegisterMetaType<std::shared_ptr<const core::Model>>();
}

quint64 AnalysisController::loadModel(const QString &folder, std::size_t memoryBudget) {
  const quint64 id = m_runner->submit(
      JobLane::Model, this, [folder, memoryBudget](const JobContext &) { return load(folder, memoryBudget); },
      [this](const LoadResult &result) {
        updateBusy();
        if (result.model) emit modelLoaded(result.model, result.folder);
        else emit modelLoadFailed(result.folder, result.error);
      });
  updateBusy();
  return id;
}

void AnalysisController::supersedeLoads() {
  m_runner->supersede(JobLane::Model);
  updateBusy();
}

quint64 AnalysisController::analyse(AnalysisRequest request) {
  request.id = m_runner->latest(JobLane::Analysis) + 1;
  const QPointer<const QObject> receiver(this);  // taken here, on the GUI thread
  const auto work = [this, request, receiver](const JobContext &context) {
    // After each block: report, and stop when a newer request or Cancel made the pass worthless.
    const AnalysisProgress progress = [this, receiver, &context](int done, int total) {
      m_runner->post(JobLane::Analysis, context.id(), receiver, [this, done, total] { emit analysisProgress(done, total); });
      return !context.stopped();
    };
    return std::make_shared<const Analysis>(runAnalysis(request, progress));
  };
  const quint64 id = m_runner->submit(
      JobLane::Analysis, this, work,
      [this](const std::shared_ptr<const Analysis> &analysis) {
        updateBusy();
        emit analysisReady(analysis);
      });
  Q_ASSERT(id == request.id);
  updateBusy();
  return id;
}

void AnalysisController::cancelAnalysis() { m_runner->cancel(JobLane::Analysis); }

bool AnalysisController::isBusy() const { return isLoading() || m_runner->isBusy(JobLane::Analysis); }

bool AnalysisController::isLoading() const { return m_runner->isBusy(JobLane::Model); }

quint64 AnalysisController::latestRequest() const { return m_runner->latest(JobLane::Analysis); }

quint64 AnalysisController::latestLoad() const { return m_runner->latest(JobLane::Model); }

void AnalysisController::updateBusy() {
  if (isBusy() == m_busy) return;
  m_busy = isBusy();
  emit busyChanged(m_busy);
}

}  // namespace ui
