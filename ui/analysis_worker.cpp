#include "analysis_worker.h"

#include <exception>

#include "families/load_model.h"
#include "tensor/errors.h"

namespace ui {

AnalysisWorker::AnalysisWorker(const std::atomic<quint64> *latestRequest, QObject *parent)
    : QObject(parent), m_latestRequest(latestRequest) {}

void AnalysisWorker::loadModel(const QString &folder) {
  try {
    auto model = std::make_shared<const core::Model>(core::load_model(folder.toStdString()));
    emit modelLoaded(std::move(model), folder);
  } catch (const core::LoadError &error) {
    emit modelLoadFailed(folder, QString::fromStdString(error.what()));
  } catch (const std::exception &error) {
    // Anything else from the file system (permissions, a folder that vanished) is also the user's to fix.
    emit modelLoadFailed(folder, QString::fromStdString(error.what()));
  }
}

void AnalysisWorker::analyse(const AnalysisRequest &request) {
  if (request.id != m_latestRequest->load()) return;  // typed over while queued
  auto analysis = std::make_shared<const Analysis>(runAnalysis(request));
  emit analysisReady(std::move(analysis));
}

}  // namespace ui
