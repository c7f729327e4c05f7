#pragma once
// The Heads tab's jobs on the JobRunner: the metrics of the shown input (with induction scores
// and rollout), forward passes with heads switched off, and a corpus run with progress and cancel.
// Each has its lane, latest-only; the corpus lane is its own thread, so a long run never delays
// the per-input numbers.

#include <memory>
#include <optional>
#include <vector>

#include <QMetaType>
#include <QObject>
#include <QString>

#include "analysis.h"
#include "analysis/whatif/prediction_change.h"
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
  // The next-token distribution at the last position, all heads on (P) against heads off (Q): the
  // top 10 with Δp and KL(P ‖ Q) (core/analysis/whatif/prediction_change.h); none without an output head.
  std::optional<core::PredictionChange> change;
  QString error;
};

class JobRunner;

class HeadAnalysisController : public QObject {
  Q_OBJECT

 public:
  explicit HeadAnalysisController(JobRunner *runner, QObject *parent = nullptr);

  void analyse(std::shared_ptr<const Analysis> analysis, bool positionalEncoding, core::HeadMetricOptions options);
  void ablate(std::shared_ptr<const Analysis> analysis, bool positionalEncoding, std::vector<core::HeadRef> heads);
  // Reads file (one sentence per line) and runs over it on the corpus lane; progress follows,
  // then corpusFinished (with the error when the file cannot be read).
  void runCorpus(std::shared_ptr<const core::Model> model, const QString &file, bool positionalEncoding,
                 core::HeadMetricOptions options);
  void cancelCorpus();
  // Gives up the metrics being computed (their result is dropped) without starting new ones.
  void supersedeAnalysis();
  bool isCorpusRunning() const;

 signals:
  void analysisReady(std::shared_ptr<const ui::HeadAnalysisResult> result);
  void ablationReady(std::shared_ptr<const ui::AblationResult> result);
  void corpusProgress(int done, int total);
  void corpusFinished(std::shared_ptr<const ui::HeadAnalysisResult> result);

 private:
  JobRunner *m_runner;
};

}  // namespace ui

Q_DECLARE_METATYPE(std::shared_ptr<const ui::HeadAnalysisResult>)
Q_DECLARE_METATYPE(std::shared_ptr<const ui::AblationResult>)
