#pragma once
// The GUI side of the worker thread: hands it model folders and analysis requests, numbers the
// requests, and passes on only the result of the newest one. The GUI thread never runs a
// forward pass or a model load.

#include <atomic>
#include <functional>
#include <memory>

#include <QObject>
#include <QThread>

#include "analysis.h"

namespace ui {

class AnalysisWorker;

class AnalysisController : public QObject {
  Q_OBJECT

 public:
  explicit AnalysisController(QObject *parent = nullptr);
  ~AnalysisController() override;

  void loadModel(const QString &folder);
  // Returns the id given to the request; every earlier request becomes stale.
  quint64 analyse(AnalysisRequest request);
  bool isBusy() const { return m_analysing || m_pendingLoads > 0; }
  quint64 latestRequest() const { return m_latestRequest.load(); }

 signals:
  void modelLoaded(std::shared_ptr<const core::Model> model, const QString &folder);
  void modelLoadFailed(const QString &folder, const QString &message);
  void analysisReady(std::shared_ptr<const ui::Analysis> analysis);
  void busyChanged(bool busy);

 private:
  void finishLoad();
  void receiveAnalysis(const std::shared_ptr<const Analysis> &analysis);
  void updateBusy(const std::function<void()> &change);  // emits busyChanged when change flips isBusy()

  std::atomic<quint64> m_latestRequest{0};
  QThread m_thread;
  AnalysisWorker *m_worker;  // lives on m_thread; deleted when the thread finishes
  bool m_analysing = false;
  int m_pendingLoads = 0;
};

}  // namespace ui
