// MainWindow and the Hugging Face cache: File ▸ Open from Hugging Face Cache… and
// `attnscope org/name` (core/hub/model_location.h decides what an argument names).
#include <QAction>
#include <QDir>
#include <QStatusBar>

#include "hf_cache_dialog.h"
#include "hub/hf_cache.h"
#include "hub/model_location.h"
#include "job_runner.h"
#include "main_window.h"
#include "tensor/errors.h"

namespace ui {

namespace {

std::filesystem::path cacheRoot() { return core::hf_cache_root(core::HfCacheEnvironment::from_process()); }

}  // namespace

QAction *MainWindow::createOpenFromCacheAction() {
  auto *action = new QAction(tr("Open from &Hugging Face Cache…"), this);
  action->setObjectName(QStringLiteral("openFromCacheAction"));
  action->setToolTip(tr("Open a model already downloaded into the Hugging Face cache (nothing is downloaded)"));
  action->setStatusTip(action->toolTip());
  connect(action, &QAction::triggered, this, &MainWindow::chooseCachedModel);
  return action;
}

void MainWindow::chooseCachedModel() {
  // Window-modal and deleted on close; the current model stays usable behind it.
  const std::filesystem::path cache = cacheRoot();
  auto *dialog = new HfCacheDialog(cache, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // Probing every cached model reads its config and tokenizer files: off the GUI thread. A dialog
  // closed before the listing arrives drops it (JobRunner delivers only to a living receiver).
  m_runner->submit(
      JobLane::HfCache, dialog, [cache](const JobContext &) { return HfCacheTable::scan(cache); },
      [dialog](std::vector<HfCacheTable::Row> rows) { dialog->showRows(std::move(rows)); });
  connect(dialog, &HfCacheDialog::modelChosen, this, [this](const QString &id, const QString &folder) {
    openModel(folder);
    statusBar()->showMessage(tr("Loading %1 from the Hugging Face cache: %2…").arg(id, QDir::toNativeSeparators(folder)));
  });
  dialog->open();
}

QString MainWindow::locateStartupModel(const QString &argument) {
  try {
    const core::ModelLocation location = core::locate_model(argument.toStdString(), cacheRoot());
    if (!location.note.empty()) {
      // The same note attnscope-cli prints, on standard error and in the status bar.
      qInfo("attnscope: note: %s", location.note.c_str());
      statusBar()->showMessage(QString::fromStdString(location.note));
    }
    return QString::fromStdString(location.folder.string());
  } catch (const core::LoadError &error) {
    reportLoadFailure(argument, QString::fromStdString(error.what()));
    return {};
  }
}

}  // namespace ui
