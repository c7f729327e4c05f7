#pragma once
// The Heads tab's jobs on the JobRunner: the metrics of the shown input (with induction scores
// and rollout), forward passes with heads switched off, and a corpus run with progress and cancel.
// Each has its lane, latest-only; the corpus lane is its own thread, so a long run never delays
// the per-input numbers.

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include <QMetaType>
#include <QObject>
#include <QString>

#include "analysis.h"
#include "analysis/whatif/comparison.h"
#include "analysis/head_analysis.h"
#include "analysis/reading/token_reading.h"
#include "model/transformer.h"

namespace ui {

// The head metrics of one input (or a corpus) and what the views derive from the trace.
struct HeadAnalysisResult {
  quint64 requestId = 0;
  std::shared_ptr<const Analysis> analysis;  // the input the numbers belong to
  bool positionalEncoding = true;
  core::HeadReport report;
  std::vector<core::RowMatrix> encoderRollout;  // R_l per encoder layer
  std::vector<core::RowMatrix> decoderRollout;  // R_l per decoder layer (self-attention only)
  // How the matrices were read before they were measured (words, hidden tokens; docs/reading.md):
  // the views' Reading options without the pair filter. Identity: every token as it is. A long
  // input's α̂ on demand (model/trace.h) is read and measured head by head (core::analyze_read_trace),
  // never read as a whole (the read copy would be as large as the dense α̂ the trace avoids).
  core::ReadingOptions reading;
  QString corpusFile;   // set for a corpus run
  int cutLines = 0;     // a corpus run's lines cut to the model's maximum length (each still measured)
  // A corpus run's passes: the Settings' precision, threads and memory budget (corpusForwardOptions)
  core::ForwardOptions corpusOptions;
  bool cancelled = false;
  QString error;
};

// One forward pass with heads switched off, beside the pass without: the comparison every "what
// if" makes (core::compare_passes; A: all heads, B: heads off, the same tokens), so the page draws
// it with the What If tab's difference slices (difference_slice.h).
struct AblationResult {
  quint64 requestId = 0;
  std::shared_ptr<const Analysis> analysis;
  std::vector<core::HeadRef> ablated;
  // before: all heads; after: with the heads off; difference: heads off − all heads. Its
  // prediction: the next-token distribution at the last position, all heads on (P) against heads
  // off (Q), the top 10 with Δp and KL(P ‖ Q); none without an output head. None with an error.
  std::optional<core::Comparison> comparison;
  QString error;
};

class JobRunner;

// The options of a corpus run's passes: the analysis's Settings ▸ Precision, Threads and Memory
// budget (Analysis::forwardOptions), without its token types (they belong to its own text).
core::ForwardOptions corpusForwardOptions(const Analysis &analysis, bool positionalEncoding);

class HeadAnalysisController : public QObject {
  Q_OBJECT

 public:
  explicit HeadAnalysisController(JobRunner *runner, QObject *parent = nullptr);

  // The metrics of the matrices read as reading says (core::analyze_read_trace: positions count
  // words or kept tokens, a special token is a sink only while shown); a token to hide that the
  // input lacks hides nothing there, as in the views.
  void analyse(std::shared_ptr<const Analysis> analysis, bool positionalEncoding, core::HeadMetricOptions options,
               core::ReadingOptions reading = {});
  // Both passes are read with reading's method, reading options and top-p before they are
  // subtracted (its names and progress are the job's own); a newer request stops a slow method.
  void ablate(std::shared_ptr<const Analysis> analysis, bool positionalEncoding, std::vector<core::HeadRef> heads,
              core::ComparisonReading reading = {});
  // Reads file (one sentence per line) and runs over it on the corpus lane, every pass with
  // forward (precision, threads, positional encoding; corpusForwardOptions); progress follows,
  // then corpusFinished (with the error when the file cannot be read, or the memory guard's message
  // when a line's pass would take more than forward.memory_budget bytes; 0: no limit).
  // Every line read as reading says (a line hides the tokens to hide it holds: core::CorpusReading).
  void runCorpus(std::shared_ptr<const core::Model> model, const QString &file, core::ForwardOptions forward,
                 core::HeadMetricOptions options, core::ReadingOptions reading = {});
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
