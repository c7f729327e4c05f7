#include "analysis_controller.h"

#include "analysis_worker.h"

namespace ui {

AnalysisController::AnalysisController(QObject *parent)
    : QObject(parent), m_worker(new AnalysisWorker(&m_latestRequest)) {
  qRegisterMetaType<std::shared_ptr<const ui::Analysis>>();
  qRegisterMetaType<std::shared_ptr<const core::Model>>();
  m_thread.setObjectName(QStringLiteral("attnscope-worker"));
  m_worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  connect(m_worker, &AnalysisWorker::modelLoaded, this, [this](std::shared_ptr<const core::Model> model, const QString &folder) {
    finishLoad();
    emit modelLoaded(std::move(model), folder);
  });
  connect(m_worker, &AnalysisWorker::modelLoadFailed, this, [this](const QString &folder, const QString &message) {
    finishLoad();
    emit modelLoadFailed(folder, message);
  });
  connect(m_worker, &AnalysisWorker::analysisReady, this, &AnalysisController::receiveAnalysis);
  m_thread.start();
}

AnalysisController::~AnalysisController() {
  m_thread.quit();
  m_thread.wait();
}

void AnalysisController::loadModel(const QString &folder) {
  updateBusy([this] { ++m_pendingLoads; });
  QMetaObject::invokeMethod(m_worker, [worker = m_worker, folder] { worker->loadModel(folder); }, Qt::QueuedConnection);
}

quint64 AnalysisController::analyse(AnalysisRequest request) {
  request.id = m_latestRequest.load() + 1;
  m_latestRequest.store(request.id);
  // The worker answers only the newest request, so one flag covers every request in flight.
  updateBusy([this] { m_analysing = true; });
  QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->analyse(request); }, Qt::QueuedConnection);
  return request.id;
}

void AnalysisController::finishLoad() {
  updateBusy([this] { --m_pendingLoads; });
}

void AnalysisController::receiveAnalysis(const std::shared_ptr<const Analysis> &analysis) {
  // Input changed while this was computing: a newer result is on its way.
  if (analysis->requestId != m_latestRequest.load()) return;
  updateBusy([this] { m_analysing = false; });
  emit analysisReady(analysis);
}

void AnalysisController::updateBusy(const std::function<void()> &change) {
  const bool wasBusy = isBusy();
  change();
  if (wasBusy != isBusy()) emit busyChanged(isBusy());
}

}  // namespace ui
