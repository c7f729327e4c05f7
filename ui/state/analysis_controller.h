#pragma once
// The window's two kinds of job on the JobRunner: model loads (Model lane) and forward passes
// (Analysis lane). Both are numbered: only the newest load and the newest analysis report back,
// so a load the user has since replaced never becomes the current model, and a result for old
// text never reaches the views. The GUI thread never runs a forward pass or a model load.

#include <memory>

#include <QObject>

#include "analysis.h"

namespace ui {

class JobRunner;

class AnalysisController : public QObject {
  Q_OBJECT

 public:
  explicit AnalysisController(JobRunner *runner, QObject *parent = nullptr);

  // Returns the load's id; every earlier load becomes stale (it reports nothing, not even failure).
  // memoryBudget (bytes, 0: no limit) bounds a GGUF file's dequantised weights (core::load_model).
  quint64 loadModel(const QString &folder, std::size_t memoryBudget = 0);
  // Makes every load in flight stale: a model shown by other means (a training snapshot) wins.
  void supersedeLoads();
  // Returns the id given to the request; every earlier request becomes stale.
  quint64 analyse(AnalysisRequest request);
  // Stops the analysis in flight (core::Cancelled in its pass); its result, saying so, is delivered.
  void cancelAnalysis();
  bool isBusy() const;
  bool isLoading() const;
  quint64 latestRequest() const;
  quint64 latestLoad() const;

 signals:
  void modelLoaded(std::shared_ptr<const core::Model> model, const QString &folder);
  void modelLoadFailed(const QString &folder, const QString &message);
  void analysisReady(std::shared_ptr<const ui::Analysis> analysis);
  // The newest analysis's pass has done `done` of its `total` blocks (after each block).
  void analysisProgress(int done, int total);
  void busyChanged(bool busy);

 private:
  void updateBusy();

  JobRunner *m_runner;
  bool m_busy = false;
};

}  // namespace ui
