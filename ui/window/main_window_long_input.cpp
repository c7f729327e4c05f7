// MainWindow and long inputs (issue 15): File ▸ Open Text… and a dropped text file fill the
// source field; the status bar's progress bar and Cancel follow the analysis in flight.
#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolButton>

#include "analysis_controller.h"
#include "input_panel.h"
#include "job_progress.h"
#include "job_runner.h"
#include "main_window.h"
#include "source_edit.h"
#include "text_file.h"

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
