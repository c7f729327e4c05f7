#include "head_analysis_controller.h"

#include <exception>

#include <QPointer>

#include "analysis/corpus_notes.h"
#include "analysis/reading/read_report.h"
#include "job_runner.h"
#include "tensor/errors.h"
#include "model/transformer.h"

namespace ui {

core::ForwardOptions corpusForwardOptions(const Analysis &analysis, bool positionalEncoding) {
  core::ForwardOptions options = analysis.forwardOptions(positionalEncoding);
  options.token_types.clear();  // each line reads its own tokens
  return options;
}

HeadAnalysisController::HeadAnalysisController(JobRunner *runner, QObject *parent) : QObject(parent), m_runner(runner) {
  qRegisterMetaType<std::shared_ptr<const ui::HeadAnalysisResult>>();
  qRegisterMetaType<std::shared_ptr<const ui::AblationResult>>();
}

void HeadAnalysisController::analyse(std::shared_ptr<const Analysis> analysis, bool positionalEncoding,
                                     core::HeadMetricOptions options, core::ReadingOptions reading) {
  const auto work = [analysis = std::move(analysis), positionalEncoding, options,
                     reading = std::move(reading)](const JobContext &job) {
    auto result = std::make_shared<HeadAnalysisResult>();
    result->requestId = job.id();
    result->analysis = analysis;
    result->positionalEncoding = positionalEncoding;
    result->reading = reading;
    try {
      const core::AttentionTrace *trace = analysis->trace(positionalEncoding);
      if (trace == nullptr) throw core::InputError(analysis->error.isEmpty() ? "no attention computed" : analysis->error.toStdString());
      // A newer analysis makes this one's numbers worthless: give up rather than compete with its
      // forward pass for the cores (the distances take seconds at 512 tokens).
      const auto superseded = [&job] { return job.superseded(); };
      // measured as the views read the matrices: words merged, tokens hidden (only those the input
      // holds, as the views hide them); identity: analyze_trace itself
      const core::ReadingOptions read = core::CorpusReading(reading).for_sentence(analysis->source, analysis->target);
      // (a long input's α̂ on demand is read and measured one head at a time, never read as a whole)
      result->report = core::analyze_read_trace(*trace, analysis->source, analysis->target, read, options, superseded);
      const core::ForwardOptions forward = analysis->forwardOptions(positionalEncoding);
      core::add_induction_scores(result->report, core::induction_scores(*analysis->model, forward));
      result->encoderRollout = core::attention_rollout(trace->encoder_self);
      result->decoderRollout = core::attention_rollout(trace->decoder_self);
    } catch (const std::exception &error) {
      result->error = QString::fromStdString(error.what());
    }
    return std::shared_ptr<const HeadAnalysisResult>(std::move(result));
  };
  m_runner->submit(JobLane::Heads, this, work,
                   [this](const std::shared_ptr<const HeadAnalysisResult> &result) { emit analysisReady(result); });
}

void HeadAnalysisController::ablate(std::shared_ptr<const Analysis> analysis, bool positionalEncoding,
                                    std::vector<core::HeadRef> heads, core::ComparisonReading reading) {
  reading.before_name = tr("A (all heads)").toStdString();
  reading.after_name = tr("B (heads off)").toStdString();
  const auto work = [analysis = std::move(analysis), positionalEncoding, heads = std::move(heads),
                     reading = std::move(reading)](const JobContext &job) mutable {
    auto result = std::make_shared<AblationResult>();
    result->requestId = job.id();
    result->analysis = analysis;
    result->ablated = heads;
    try {
      // A: every head; B: the same tokens with the heads off (what attnscope-cli ablate compares),
      // both with the analysis's own precision, threads and budget, so A is what the views showed
      const core::ComparedPass all{analysis->model.get(), analysis->source, analysis->target,
                                   analysis->forwardOptions(positionalEncoding)};
      core::ComparedPass off = all;
      off.options.ablated_heads = heads;
      // read as the views read one pass (the toolbar's method and Reading options), as What If does
      reading.progress = [&job](double) { return !job.stopped(); };
      result->comparison =
          core::compare_passes(all, off, core::identity_alignment(all.source.size(), all.source.size()),
                               core::identity_alignment(all.target.size(), all.target.size()), 10, reading);
    } catch (const std::exception &error) {
      result->error = QString::fromStdString(error.what());
    }
    return std::shared_ptr<const AblationResult>(std::move(result));
  };
  m_runner->submit(JobLane::Ablation, this, work,
                   [this](const std::shared_ptr<const AblationResult> &result) { emit ablationReady(result); });
}

void HeadAnalysisController::runCorpus(std::shared_ptr<const core::Model> model, const QString &file,
                                       core::ForwardOptions forward, core::HeadMetricOptions options,
                                       core::ReadingOptions reading) {
  // A run still going gives up: its id is no longer the lane's latest.
  // Progress goes through the runner, never through this object, which the job may outlive.
  const auto work = [this, runner = m_runner, guard = QPointer<const QObject>(this), model = std::move(model), file,
                     forward = std::move(forward), options, reading = std::move(reading)](const JobContext &job) {
    auto result = std::make_shared<HeadAnalysisResult>();
    result->requestId = job.id();
    result->positionalEncoding = forward.positional_encoding;
    result->reading = reading;
    result->corpusFile = file;
    result->corpusOptions = forward;
    try {
      const std::vector<std::string> lines = core::read_corpus_lines(file.toStdString());
      core::CorpusReading corpusReading(reading);
      // a cut line is measured as the views show it (cut); the label counts them
      const core::CorpusLineNote note = [&result](long long, const std::string& text) {
        if (text.rfind("cut", 0) == 0) ++result->cutLines;
      };
      result->report = core::analyze_corpus_noted(*model, lines, corpusReading, note, options, forward, [&](int done, int total) {
        runner->post(JobLane::Corpus, job.id(), guard, [this, done, total] { emit corpusProgress(done, total); });
        return !job.stopped();
      });
      result->cancelled = job.stopped();
      if (!result->cancelled) core::add_induction_scores(result->report, core::induction_scores(*model, forward));
      if (result->report.inputs == 0 && !result->cancelled) result->error = tr("No line of the file could be used.");
    } catch (const std::exception &error) {
      result->error = QString::fromStdString(error.what());
    }
    return std::shared_ptr<const HeadAnalysisResult>(std::move(result));
  };
  m_runner->submit(JobLane::Corpus, this, work,
                   [this](const std::shared_ptr<const HeadAnalysisResult> &result) { emit corpusFinished(result); });
}

void HeadAnalysisController::cancelCorpus() { m_runner->cancel(JobLane::Corpus); }

void HeadAnalysisController::supersedeAnalysis() { m_runner->supersede(JobLane::Heads); }

bool HeadAnalysisController::isCorpusRunning() const { return m_runner->isBusy(JobLane::Corpus); }

}  // namespace ui
