#pragma once
// Runs on the worker thread: loads models and computes analyses. It owns nothing of the GUI and
// skips a request that newer input has already superseded before spending time on it.

#include <atomic>
#include <memory>

#include <QObject>
#include <QString>

#include "analysis.h"

namespace ui {

class AnalysisWorker : public QObject {
  Q_OBJECT

 public:
  // latestRequest: the id of the newest request, written by the GUI thread.
  explicit AnalysisWorker(const std::atomic<quint64> *latestRequest, QObject *parent = nullptr);

  void loadModel(const QString &folder);
  void analyse(const ui::AnalysisRequest &request);

 signals:
  void modelLoaded(std::shared_ptr<const core::Model> model, const QString &folder);
  void modelLoadFailed(const QString &folder, const QString &message);
  void analysisReady(std::shared_ptr<const ui::Analysis> analysis);

 private:
  const std::atomic<quint64> *m_latestRequest;
};

}  // namespace ui
