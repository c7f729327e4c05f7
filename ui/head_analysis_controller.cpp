#include "head_analysis_controller.h"

#include <exception>

#include "tensor/errors.h"
#include "model/transformer.h"

namespace ui {

namespace {

// softmax of the last position's logits: the model's output probabilities
core::RowVector probabilities(const core::RowVector &logits) {
  if (logits.size() == 0) return {};
  core::RowVector p = (logits.array() - logits.maxCoeff()).exp();
  p /= p.sum();
  return p;
}

core::ForwardResult forwardPass(const Analysis &analysis, bool positionalEncoding, std::vector<core::HeadRef> ablated) {
  core::ForwardOptions options;
  options.positional_encoding = positionalEncoding;
  options.ablated_heads = std::move(ablated);
  return core::forward(*analysis.model, analysis.source.ids, analysis.target.ids, options);
}

}  // namespace

HeadAnalysisController::HeadAnalysisController(QObject *parent)
    : QObject(parent), m_worker(new QObject), m_corpusWorker(new QObject) {
  qRegisterMetaType<std::shared_ptr<const ui::HeadAnalysisResult>>();
  qRegisterMetaType<std::shared_ptr<const ui::AblationResult>>();
  m_thread.setObjectName(QStringLiteral("attnscope-heads"));
  m_corpusThread.setObjectName(QStringLiteral("attnscope-corpus"));
  m_worker->moveToThread(&m_thread);
  m_corpusWorker->moveToThread(&m_corpusThread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  connect(&m_corpusThread, &QThread::finished, m_corpusWorker, &QObject::deleteLater);
  m_thread.start();
  m_corpusThread.start();
}

HeadAnalysisController::~HeadAnalysisController() {
  m_cancelledCorpus = m_latestCorpus.load();
  m_thread.quit();
  m_corpusThread.quit();
  m_thread.wait();
  m_corpusThread.wait();
}

void HeadAnalysisController::analyse(std::shared_ptr<const Analysis> analysis, bool positionalEncoding,
                                     core::HeadMetricOptions options) {
  const quint64 id = ++m_latestAnalysis;
  QMetaObject::invokeMethod(m_worker, [this, id, analysis = std::move(analysis), positionalEncoding, options] {
    if (id != m_latestAnalysis.load()) return;  // superseded while queued
    auto result = std::make_shared<HeadAnalysisResult>();
    result->requestId = id;
    result->analysis = analysis;
    result->positionalEncoding = positionalEncoding;
    try {
      const core::AttentionTrace *trace = analysis->trace(positionalEncoding);
      if (trace == nullptr) throw core::InputError(analysis->error.isEmpty() ? "no attention computed" : analysis->error.toStdString());
      // A newer analysis makes this one's numbers worthless: give up rather than compete with its
      // forward pass for the cores (the distances take seconds at 512 tokens).
      const auto superseded = [this, id] { return id != m_latestAnalysis.load(); };
      result->report = core::analyze_trace(*trace, analysis->source, analysis->target, options, superseded);
      core::ForwardOptions forward;
      forward.positional_encoding = positionalEncoding;
      core::add_induction_scores(result->report, core::induction_scores(*analysis->model, forward));
      result->encoderRollout = core::attention_rollout(trace->encoder_self);
      result->decoderRollout = core::attention_rollout(trace->decoder_self);
    } catch (const std::exception &error) {
      result->error = QString::fromStdString(error.what());
    }
    if (id != m_latestAnalysis.load()) return;
    QMetaObject::invokeMethod(this, [this, result = std::shared_ptr<const HeadAnalysisResult>(std::move(result))] {
      if (result->requestId == m_latestAnalysis.load()) emit analysisReady(result);
    }, Qt::QueuedConnection);
  }, Qt::QueuedConnection);
}

void HeadAnalysisController::ablate(std::shared_ptr<const Analysis> analysis, bool positionalEncoding,
                                    std::vector<core::HeadRef> heads) {
  const quint64 id = ++m_latestAblation;
  QMetaObject::invokeMethod(m_worker, [this, id, analysis = std::move(analysis), positionalEncoding, heads = std::move(heads)] {
    if (id != m_latestAblation.load()) return;
    auto result = std::make_shared<AblationResult>();
    result->requestId = id;
    result->analysis = analysis;
    result->ablated = heads;
    try {
      const core::ForwardResult before = forwardPass(*analysis, positionalEncoding, {});
      const core::ForwardResult after = forwardPass(*analysis, positionalEncoding, heads);
      result->trace = after.trace;
      result->before = probabilities(before.last_logits);
      result->after = probabilities(after.last_logits);
    } catch (const std::exception &error) {
      result->error = QString::fromStdString(error.what());
    }
    if (id != m_latestAblation.load()) return;
    QMetaObject::invokeMethod(this, [this, result = std::shared_ptr<const AblationResult>(std::move(result))] {
      if (result->requestId == m_latestAblation.load()) emit ablationReady(result);
    }, Qt::QueuedConnection);
  }, Qt::QueuedConnection);
}

void HeadAnalysisController::runCorpus(std::shared_ptr<const core::Model> model, std::vector<std::string> lines,
                                       const QString &file, bool positionalEncoding, core::HeadMetricOptions options) {
  const quint64 id = ++m_latestCorpus;
  m_corpusRunning = true;  // a run still going gives up (its id is no longer the latest)
  QMetaObject::invokeMethod(m_corpusWorker, [this, id, model = std::move(model), lines = std::move(lines), file,
                                             positionalEncoding, options] {
    if (id != m_latestCorpus.load()) return;
    const auto stopped = [this, id] { return id != m_latestCorpus.load() || id <= m_cancelledCorpus.load(); };
    auto result = std::make_shared<HeadAnalysisResult>();
    result->requestId = id;
    result->positionalEncoding = positionalEncoding;
    result->corpusFile = file;
    try {
      core::ForwardOptions forward;
      forward.positional_encoding = positionalEncoding;
      result->report = core::analyze_corpus(*model, lines, options, forward, [this, id, stopped](int done, int total) {
        QMetaObject::invokeMethod(this, [this, id, done, total] {
          if (id == m_latestCorpus.load()) emit corpusProgress(done, total);
        }, Qt::QueuedConnection);
        return !stopped();
      });
      result->cancelled = stopped();
      if (!result->cancelled) core::add_induction_scores(result->report, core::induction_scores(*model, forward));
      if (result->report.inputs == 0 && !result->cancelled) result->error = tr("No line of the file could be used.");
    } catch (const std::exception &error) {
      result->error = QString::fromStdString(error.what());
    }
    QMetaObject::invokeMethod(this, [this, result = std::shared_ptr<const HeadAnalysisResult>(std::move(result))] {
      if (result->requestId != m_latestCorpus.load()) return;
      m_corpusRunning = false;
      emit corpusFinished(result);
    }, Qt::QueuedConnection);
  }, Qt::QueuedConnection);
}

void HeadAnalysisController::cancelCorpus() { m_cancelledCorpus = m_latestCorpus.load(); }

}  // namespace ui
