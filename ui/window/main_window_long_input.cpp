// MainWindow and long inputs (issue 15): File ▸ Open Text… and a dropped text file fill the
// source field; the status bar's progress bar and Cancel follow the analysis in flight; the Model
// overview fills head by head in the background (a dense trace's as an on-demand one's), with its
// own progress line, and the Attention tab's slices (a dense trace's as an on-demand one's) are
// built off the GUI thread.
#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolButton>

#include "analysis_controller.h"
#include "attention_methods.h"
#include "head_analysis_widget.h"
#include "head_labels.h"
#include "heatmap_widget.h"
#include "input_panel.h"
#include "job_progress.h"
#include "job_runner.h"
#include "main_window.h"
#include "model_overview_widget.h"
#include "overview_fill.h"
#include "source_edit.h"
#include "text_file.h"
#include "word_graph_widget.h"

namespace ui {

void MainWindow::createLongInputTools() {
  m_openText = new QAction(tr("Open &Text…"), this);
  m_openText->setObjectName(QStringLiteral("openTextAction"));
  m_openText->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O));
  m_openText->setToolTip(tr("Read a UTF-8 text file into the source field (Ctrl+Alt+O); dropping a text file on the "
                            "window does the same"));
  m_openText->setStatusTip(m_openText->toolTip());
  connect(m_openText, &QAction::triggered, this, &MainWindow::chooseTextFile);
  // After the model entries, before the recent models.
  m_fileMenu->insertAction(m_recentMenu->menuAction(), m_openText);
  connect(m_input, &InputPanel::textFileDropped, this, &MainWindow::openTextFile);

  m_progress = new JobProgress(this);
  statusBar()->addPermanentWidget(m_progress);
  connect(m_controller, &AnalysisController::analysisProgress, m_progress, &JobProgress::setProgress);
  connect(m_controller, &AnalysisController::analysisReady, this, [this] {
    if (!m_runner->isBusy(JobLane::Analysis)) m_progress->finish();
  });
  connect(m_progress, &JobProgress::cancelRequested, this, [this] {
    m_controller->cancelAnalysis();
    m_progress->cancelButton()->setEnabled(false);  // until the pass stops at its next block
  });

  m_overviewFill = new OverviewFill(m_runner, this);
  connect(m_overviewFill, &OverviewFill::tileReady, this, [this](const OverviewTile &tile) {
    m_overview->setTile(tile.layer, tile.head, tile.thumbnail);
  });
  connect(m_overviewFill, &OverviewFill::progressChanged, m_overview, &ModelOverviewWidget::setFillProgress);
  connect(m_overviewFill, &OverviewFill::finished, m_overview, &ModelOverviewWidget::finishFill);
  connect(m_overviewFill, &OverviewFill::nothingToShow, m_overview, &ModelOverviewWidget::clear);
  connect(m_overview, &ModelOverviewWidget::cancelFillRequested, this, [this] {
    m_overviewFill->cancel();
    m_overview->cancelFillButton()->setEnabled(false);  // until the fill stops after its head
  });
}

namespace {

// What a view-slice request draws, as text: equal keys, equal slices (the focused head aside:
// refocusViewSlices swaps the one matrix kept). The result and method are named by address; the
// window's weak pointers tell a later one at a freed one's address apart.
QString viewSlicesKey(const Analysis *analysis, const MethodTrace *method, const LayerStep &step,
                      const SliceOptions &options, const std::optional<LongTextViews> &longText) {
  return QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8|%9")
      .arg(quintptr(analysis))
      .arg(quintptr(method))
      .arg(static_cast<int>(step.kind))
      .arg(step.layer)
      .arg(options.positionalEncoding)
      .arg(options.decoderLength)
      .arg(readingCaption(options.reading))
      .arg(QStringLiteral("%1,%2").arg(options.reading.query_segment).arg(options.reading.key_segment))
      // a long text's heads without their matrix have lines chosen within top-p; a dense trace's none
      .arg(longText ? QString::number(longText->topP) : QStringLiteral("dense"));
}

}  // namespace

void MainWindow::requestViewSlices(const std::shared_ptr<const Analysis> &analysis,
                                   const std::shared_ptr<const MethodTrace> &method, const LayerStep &step,
                                   const SliceOptions &options, const std::optional<LongTextViews> &longText) {
  const QString key = viewSlicesKey(analysis.get(), method.get(), step, options, longText);
  if (m_viewSlices && m_viewSlicesKey.names(key, analysis, method)) {
    // on show already (a focus or head-chip change): drawn again at once, or with the newly focused
    // head's matrix recomputed alone; a job in flight for another step is stale
    showOrRefocusViewSlices();
    return;
  }
  if (m_pendingSlicesKey.names(key, analysis, method)) return;  // in flight
  m_pendingSlicesKey = {key, analysis, method};
  if (longText && (!m_viewSlices || m_viewSlices->weights.step != step)) {
    // A long text's slices take a while: until this step's arrive, the views say they are coming
    // rather than show another step. A dense trace's arrive at once: the views keep the slices on
    // show meanwhile, so a new result or layer never flashes an empty view.
    m_wordGraph->setSlice({});
    m_wordGraph->setPlaceholder(tr("Computing attention…"));
    m_heatmap->setSlice({}, 0);
    m_heatmap->setPlaceholder(tr("Computing attention…"));
  }
  // A dense trace: every head's matrix and full-size thumbnails (buildViewSlices); a long text's
  // thumbnails are the overview's size.
  const int thumbnailSide = longText ? kOverviewThumbnailSide : 0;
  const LongTextViews views = longText.value_or(LongTextViews{});
  m_runner->submit(
      JobLane::Slices, this,
      [analysis, method, step, options, thumbnailSide, views](const JobContext &) {
        // method keeps options.methodTrace alive while the job reads it
        return std::make_shared<const ViewSlices>(buildLongViewSlices(analysis, step, options, thumbnailSide, views));
      },
      [this, key](std::shared_ptr<const ViewSlices> slices) {
        if (key != m_pendingSlicesKey.key) return;  // asked for something else meanwhile
        m_viewSlicesKey = m_pendingSlicesKey;
        m_pendingSlicesKey.clear();
        m_viewSlices = std::move(slices);
        showOrRefocusViewSlices();  // the focus may have moved while they were built
      });
}

void MainWindow::showOrRefocusViewSlices() {
  const AttentionSlice &weights = m_viewSlices->weights;
  const int head = m_state->focusedHead();
  if (weights.perLayer() || weights.lines.empty() || head >= weights.headCount() || weights.hasMatrix(head)) {
    forgetPendingSlices();
    showViewSlices(m_viewSlices);
    return;
  }
  // The heatmap's head changed on a long text: its matrix alone is recomputed; the views keep the
  // head on show until it arrives.
  const QString key = m_viewSlicesKey.key + QStringLiteral("#%1").arg(head);
  if (key == m_pendingSlicesKey.key) return;
  m_pendingSlicesKey = {key, m_viewSlicesKey.analysis, m_viewSlicesKey.method};
  m_runner->submit(
      JobLane::Slices, this,
      [slices = m_viewSlices, head](const JobContext &) {
        return std::make_shared<const ViewSlices>(refocusViewSlices(*slices, head));
      },
      [this, key](std::shared_ptr<const ViewSlices> slices) {
        if (key != m_pendingSlicesKey.key) return;
        m_pendingSlicesKey.clear();
        m_viewSlices = std::move(slices);  // the same step, text and method: m_viewSlicesKey stays
        showOrRefocusViewSlices();
      });
}

void MainWindow::forgetPendingSlices() {
  if (!m_pendingSlicesKey.empty()) m_runner->supersede(JobLane::Slices);
  m_pendingSlicesKey.clear();
}

void MainWindow::dropViewSlices() {
  forgetPendingSlices();
  m_viewSlicesKey.clear();
  m_viewSlices.reset();
}

void MainWindow::rebuildViewSlices() {
  // The slices on show stay until their rebuild arrives; only the key that would reuse them goes.
  forgetPendingSlices();
  m_viewSlicesKey.clear();
  refreshViews();
}

void MainWindow::stopOverviewFill() {
  if (m_overviewFillKey.empty()) return;
  m_overviewFill->stop();
  m_overviewFillKey.clear();
}

void MainWindow::fillOverview(const std::shared_ptr<const Analysis> &analysis, core::AttentionKind kind,
                              const SliceOptions &options, const std::shared_ptr<const MethodTrace> &method) {
  // refreshViews calls this on every step: the same drawing, on show or in flight, is left alone
  const QString key = QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
                          .arg(quintptr(analysis.get()))
                          .arg(quintptr(method.get()))
                          .arg(static_cast<int>(kind))
                          .arg(options.positionalEncoding)
                          .arg(readingCaption(options.reading))
                          .arg(options.reading.query_segment)
                          .arg(options.reading.key_segment);
  if (m_overviewFill == nullptr) return;
  const QVector<QColor> badges = m_headAnalysis->classBadges(kind);
  const auto showBadges = [&] {
    m_overview->grid()->setBadges(badges);
    m_overview->setBadgeLegend(badges.isEmpty() ? QVector<QPair<QColor, QString>>() : headClassLegend());
  };
  if (m_overviewFillKey.names(key, analysis, method)) {
    showBadges();  // the Heads tab's classes may have arrived since
    return;
  }
  m_overviewFillKey = {key, analysis, method};
  const core::ModelSpec &spec = analysis->model->spec();
  const core::AttentionSpec &attention = spec.attention(kind, 0);
  const int layers = layerCount(spec, kind);
  QStringList columns;
  int groupSize = 1;
  if (method && !core::is_per_head(method->method)) {
    // a per-layer method has one matrix per layer: its column is the whole layer
    columns << perLayerName(method->method, method->heads);
  } else {
    // one column per query head, banded by the key/value head they share (grouped-query attention)
    for (int head = 0; head < attention.heads; ++head) columns << tr("Head %1").arg(head + 1);
    if (attention.kv_heads > 0 && attention.kv_heads < attention.heads && attention.heads % attention.kv_heads == 0) {
      groupSize = attention.heads / attention.kv_heads;
    }
  }
  m_overview->beginFill(layers, columns, groupSize, attention.kv_heads);
  showBadges();
  m_overviewFill->start({analysis, method, kind, options});
}

void MainWindow::chooseTextFile() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open Text"), QString(),
                                                    tr("Text files (*.txt *.md);;All files (*)"));
  if (!file.isEmpty()) openTextFile(file);
}

QString MainWindow::openTextFile(const QString &path) {
  const TextFile file = readTextFile(path);
  if (!file.error.isEmpty()) {
    // Window-modal and non-blocking; the field keeps its text.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Text"), file.error, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("textFileErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return file.error;
  }
  m_input->setSourceText(file.text);  // settles at once: the views compute for the whole text
  statusBar()->showMessage(tr("Read %1 (%n character(s))", nullptr, static_cast<int>(file.text.size()))
                               .arg(QDir::toNativeSeparators(path)),
                           6000);
  return {};
}

}  // namespace ui
