// The main window's training parts: the Train dock, the checkpoint timeline dock, showing a model
// that is not a folder the user opened (a training snapshot, a checkpoint), and asking before
// closing the window over a run. Apart from main_window.cpp so the two can change independently.

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSlider>
#include <QStatusBar>

#include "analysis_controller.h"
#include "checkpoint_timeline.h"
#include "main_window.h"
#include "model_locator.h"
#include "model_panel.h"
#include "train_panel.h"

namespace ui {

namespace {

// Same layers and heads: the views can keep the user's layer step and head selection.
bool sameShape(const core::ModelSpec &a, const core::ModelSpec &b) {
  return a.architecture == b.architecture && a.encoder_layers() == b.encoder_layers() &&
         a.decoder_layers() == b.decoder_layers() && a.heads() == b.heads() && a.has_output_head == b.has_output_head;
}

}  // namespace

void MainWindow::createTraining() {
  m_trainPanel = new TrainPanel(m_runner, this);
  m_trainPanel->setObjectName(QStringLiteral("trainPanel"));
  m_trainDock = new QDockWidget(tr("Train"), this);
  m_trainDock->setObjectName(QStringLiteral("trainDock"));
  m_trainDock->setWidget(m_trainPanel);
  addDockWidget(Qt::RightDockWidgetArea, m_trainDock);
  m_trainDock->hide();
  m_trainToggle = m_trainDock->toggleViewAction();
  m_trainToggle->setText(tr("&Train Panel"));
  m_trainToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  m_trainToggle->setToolTip(tr("Train a small Transformer on a built-in task and watch its attention form (Ctrl+T)"));
  m_trainToggle->setStatusTip(m_trainToggle->toolTip());

  m_timeline = new CheckpointTimeline(this);
  m_timeline->setObjectName(QStringLiteral("checkpointTimeline"));
  m_timeline->setJobRunner(m_runner);  // checkpoints load on its Checkpoints lane
  m_timelineDock = new QDockWidget(tr("Checkpoints"), this);
  m_timelineDock->setObjectName(QStringLiteral("checkpointDock"));
  m_timelineDock->setWidget(m_timeline);
  addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
  m_timelineDock->hide();

  m_openSeries = new QAction(tr("Open Checkpoint &Series…"), this);
  m_openSeries->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
  m_openSeries->setToolTip(tr("Open a folder of step-NNNNNN checkpoints and scrub through training with a slider"));
  m_openSeries->setStatusTip(m_openSeries->toolTip());
  connect(m_openSeries, &QAction::triggered, this, &MainWindow::chooseCheckpointSeries);

  connect(m_trainPanel, &TrainPanel::modelTrained, this, &MainWindow::showModel);
  // A new run's first snapshot opens where its task's pattern forms (patternStep); after that the
  // user's choice of layer stands.
  // (trainingActiveChanged repeats on every control update: only a start counts)
  connect(m_trainPanel, &TrainPanel::trainingActiveChanged, this, [this, wasActive = false](bool active) mutable {
    if (active && !wasActive) m_showTrainingPattern = true;
    wasActive = active;
  });
  connect(m_trainPanel, &TrainPanel::modelTrained, this, [this] {
    if (!m_showTrainingPattern || !m_state->model()) return;
    m_showTrainingPattern = false;
    m_state->setLayerStep(patternStep(m_state->model()->spec()));
  });
  connect(m_timeline, &CheckpointTimeline::checkpointShown, this, &MainWindow::showModel);
  connect(m_timeline, &CheckpointTimeline::checkpointLoadFailed, this, &MainWindow::reportLoadFailure);
}

void MainWindow::showModel(std::shared_ptr<const core::Model> model, const QString &label) {
  if (!model) return;
  m_controller->supersedeLoads();  // a folder still loading must not replace what was asked for later
  if (!m_state->model() || !sameShape(m_state->model()->spec(), model->spec())) {
    // Not a folder the user opened: kept out of the recent models.
    m_rememberModel = false;
    applyModel(std::move(model), label);
    m_rememberModel = true;
    return;
  }
  // Same shape: keep the layer, heads and generation step, and the current result on screen
  // until the new model's arrives (the view state drops results for the model just replaced).
  m_state->swapModel(std::move(model), label);
  m_modelPanel->showModel(*m_state->model(), label);
  updateTitle();
  emit modelLoaded(label);
  requestAnalysis();
}

bool MainWindow::openCheckpointSeries(const QString &folder) {
  QString error;
  m_timeline->setMemoryBudget(memoryBudgetBytes(m_state->preferences().memoryBudgetMb));
  if (!m_timeline->openSeries(folder, &error)) {
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Checkpoint Series"), error, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("seriesErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
  }
  detachTraining();  // the series' checkpoints, not a run's snapshots, are what the user asked for
  m_trainPanel->clearRun();  // the last run's curve is not this series' (issue 18)
  m_timelineDock->show();
  m_timelineDock->raise();
  m_timeline->slider()->setFocus();
  statusBar()->showMessage(tr("Opened %n checkpoint(s) from %1", nullptr, static_cast<int>(m_timeline->checkpoints().size()))
                               .arg(QDir::toNativeSeparators(folder)),
                           4000);
  return true;
}

void MainWindow::chooseCheckpointSeries() {
  QString start = m_timeline->seriesFolder();
  if (start.isEmpty()) {
    const QStringList bundled = modelSearchFolders();
    for (const QString &folder : bundled) {
      if (QFileInfo(folder).isDir()) {
        start = folder;
        break;
      }
    }
  }
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Checkpoint Series"), start);
  if (!folder.isEmpty()) openCheckpointSeries(folder);
}

bool MainWindow::confirmCloseDuringTraining() { return m_trainPanel->confirmClose(); }

void MainWindow::detachTraining() {
  if (!m_trainPanel || !m_trainPanel->isTraining() || !m_trainPanel->showsInViews()) return;
  // The run goes on in the Train panel; its snapshots stop replacing the model on screen.
  m_trainPanel->setShowInViews(false);
  statusBar()->showMessage(tr("Training goes on in the Train panel; check “Show in views” there to watch it again."),
                           8000);
}

}  // namespace ui
