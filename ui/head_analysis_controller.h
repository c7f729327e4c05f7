#pragma once
// The Heads tab's worker threads: the metrics of the shown input (with induction scores and
// rollout), a corpus run with progress and cancel, and forward passes with heads switched off.
// Numbered requests; a result superseded by a newer request is dropped before it is emitted.
// The corpus has its own thread, so a long run never delays the per-input numbers.

#include <atomic>
#include <memory>
#include <vector>

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThread>

#include "analysis.h"
#include "analysis/head_analysis.h"

namespace ui {

// The head metrics of one input (or a corpus) and what the views derive from the trace.
struct HeadAnalysisResult {
  quint64 requestId = 0;
  std::shared_ptr<const Analysis> analysis;  // the input the numbers belong to
  bool positionalEncoding = true;
  core::HeadReport report;
  std::vector<core::RowMatrix> encoderRollout;  // R_l per encoder layer
  std::vector<core::RowMatrix> decoderRollout;  // R_l per decoder layer (self-attention only)
  QString corpusFile;   // set for a corpus run
  bool cancelled = false;
  QString error;
};

// One forward pass with heads switched off, beside the pass without.
struct AblationResult {
  quint64 requestId = 0;
  std::shared_ptr<const Analysis> analysis;
  std::vector<core::HeadRef> ablated;
  core::AttentionTrace trace;  // with the heads off
  core::RowVector before;      // output probabilities at the last position, all heads on (empty: no output head)
  core::RowVector after;       // likewise with the heads off
  QString error;
};

class HeadAnalysisController : public QObject {
  Q_OBJECT

 public:
  explicit HeadAnalysisController(QObject *parent = nullptr);
  ~HeadAnalysisController() override;

  void analyse(std::shared_ptr<const Analysis> analysis, bool positionalEncoding, core::HeadMetricOptions options);
  void ablate(std::shared_ptr<const Analysis> analysis, bool positionalEncoding, std::vector<core::HeadRef> heads);
  // Runs over lines on the corpus thread; progress follows, then corpusFinished.
  void runCorpus(std::shared_ptr<const core::Model> model, std::vector<std::string> lines, const QString &file,
                 bool positionalEncoding, core::HeadMetricOptions options);
  void cancelCorpus();
  // Gives up the metrics being computed (their result is dropped) without starting new ones.
  void supersedeAnalysis() { ++m_latestAnalysis; }
  bool isCorpusRunning() const { return m_corpusRunning; }

 signals:
  void analysisReady(std::shared_ptr<const ui::HeadAnalysisResult> result);
  void ablationReady(std::shared_ptr<const ui::AblationResult> result);
  void corpusProgress(int done, int total);
  void corpusFinished(std::shared_ptr<const ui::HeadAnalysisResult> result);

 private:
  QThread m_thread;        // per-input metrics and ablations
  QThread m_corpusThread;  // corpus runs
  QObject *m_worker;       // lives on m_thread
  QObject *m_corpusWorker; // lives on m_corpusThread
  std::atomic<quint64> m_latestAnalysis{0};
  std::atomic<quint64> m_latestAblation{0};
  std::atomic<quint64> m_latestCorpus{0};
  std::atomic<quint64> m_cancelledCorpus{0};  // runs with an id up to this stop
  bool m_corpusRunning = false;
};

}  // namespace ui

Q_DECLARE_METATYPE(std::shared_ptr<const ui::HeadAnalysisResult>)
Q_DECLARE_METATYPE(std::shared_ptr<const ui::AblationResult>)
