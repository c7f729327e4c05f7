#include "train_panel.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QValueAxis>
#include <QVBoxLayout>

#include "axis_ticks.h"
#include "model_locator.h"
#include "training/tasks.h"

namespace ui {

namespace {

// The chart holds at most about this many points per series.
constexpr int kMaxChartPoints = 400;

QString duration(double seconds) {
  const int total = static_cast<int>(std::lround(std::max(0.0, seconds)));
  return total >= 3600 ? QStringLiteral("%1:%2:%3").arg(total / 3600).arg(total / 60 % 60, 2, 10, QLatin1Char('0')).arg(total % 60, 2, 10, QLatin1Char('0'))
                       : QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

// The canonical form of a path that may not exist yet: its deepest existing ancestor resolved.
QString resolvedPath(const QString &path) {
  QString existing = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
  QString rest;
  while (!existing.isEmpty() && !QFileInfo::exists(existing)) {
    const int slash = existing.lastIndexOf(QLatin1Char('/'));
    if (slash <= 0) return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    rest = existing.mid(slash) + rest;
    existing = existing.left(slash);
  }
  return QFileInfo(existing).canonicalFilePath() + rest;
}

// The bundled models folder that holds path, or an empty string.
QString bundledFolderHolding(const QString &path) {
  const QString resolved = resolvedPath(path);
  for (const QString &folder : modelSearchFolders()) {
    const QString bundled = QFileInfo(folder).canonicalFilePath();
    if (!bundled.isEmpty() && (resolved == bundled || resolved.startsWith(bundled + QLatin1Char('/')))) return bundled;
  }
  return {};
}

}  // namespace

TrainPanel::TrainPanel(JobRunner *runner, QWidget *parent)
    : QWidget(parent), m_worker(new TrainingWorker(runner, this)) {
  m_task = new QComboBox(this);
  m_task->setObjectName(QStringLiteral("taskCombo"));
  for (const std::string &name : core::task_names()) m_task->addItem(QString::fromStdString(name));
  m_task->setToolTip(tr("reverse and sort: digit strings; translate-en-zh: a small English grammar into Chinese; "
                        "induction: letters repeated once (decoder-only)"));

  auto makeSpin = [this](const char *name, int minimum, int maximum, int step, const QString &tip) {
    auto *spin = new QSpinBox(this);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(minimum, maximum);
    spin->setSingleStep(step);
    spin->setToolTip(tip);
    return spin;
  };
  m_layers = makeSpin("layersBox", 1, 6, 1, tr("Layers in each stack (encoder and decoder)"));
  m_heads = makeSpin("headsBox", 1, 8, 1, tr("Attention heads per layer; d_model must be a multiple of it"));
  m_dModel = makeSpin("dModelBox", 8, 256, 8, tr("Width of every token vector; the feed-forward width scales with it"));
  m_steps = makeSpin("stepsBox", 10, 100000, 100,
                     tr("Optimiser steps of one batch each; a short run also shortens the warm-up"));

  m_speed = new QComboBox(this);
  m_speed->setObjectName(QStringLiteral("speedCombo"));
  m_speed->addItem(tr("As fast as possible"), 0.0);
  for (const int rate : {50, 20, 10, 5, 2, 1}) m_speed->addItem(tr("%n step(s) per second", nullptr, rate), double(rate));
  m_speed->setToolTip(tr("Slow the run down to watch the attention pattern form in the views; changes take "
                         "effect at once, also during a run"));

  m_start = new QPushButton(tr("&Start"), this);
  m_start->setObjectName(QStringLiteral("startButton"));
  m_start->setToolTip(tr("Train a new model from random weights with these settings"));
  m_pause = new QPushButton(tr("&Pause"), this);
  m_pause->setObjectName(QStringLiteral("pauseButton"));
  m_pause->setToolTip(tr("Pause or resume the run; the views show the paused model"));
  m_stop = new QPushButton(tr("S&top"), this);
  m_stop->setObjectName(QStringLiteral("stopButton"));
  m_stop->setToolTip(tr("End the run after the current step, keeping its weights as the current model"));
  m_save = new QPushButton(tr("Sa&ve…"), this);
  m_save->setObjectName(QStringLiteral("saveButton"));
  m_save->setToolTip(tr("Write the current weights as a model folder that File ▸ Open reads"));
  m_follow = new QCheckBox(tr("Show in views"), this);
  m_follow->setObjectName(QStringLiteral("followCheck"));
  m_follow->setChecked(true);
  m_follow->setToolTip(tr("Every 100 steps or so, show the model being trained in the attention views"));

  m_status = new QLabel(tr("Not started"), this);
  m_status->setObjectName(QStringLiteral("trainStatus"));
  m_status->setWordWrap(true);
  m_message = new QLabel(this);
  m_message->setObjectName(QStringLiteral("trainMessage"));
  m_message->setWordWrap(true);
  m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

  m_lossSeries = new QLineSeries(this);
  m_lossSeries->setName(tr("loss"));
  m_accuracySeries = new QLineSeries(this);
  m_accuracySeries->setName(tr("accuracy"));
  m_chart = new QChart;
  m_chart->addSeries(m_lossSeries);
  m_chart->addSeries(m_accuracySeries);
  m_chart->legend()->setAlignment(Qt::AlignBottom);
  m_chart->setMargins(QMargins(4, 4, 4, 4));
  m_stepAxis = new QValueAxis(m_chart);
  m_stepAxis->setTitleText(tr("step"));
  m_stepAxis->setLabelFormat(QStringLiteral("%d"));
  m_lossAxis = new QValueAxis(m_chart);
  m_lossAxis->setTitleText(tr("loss"));
  auto *accuracyAxis = new QValueAxis(m_chart);
  accuracyAxis->setTitleText(tr("accuracy %"));
  accuracyAxis->setRange(0, 100);
  accuracyAxis->setLabelFormat(QStringLiteral("%d"));
  for (QValueAxis *axis : {m_stepAxis, m_lossAxis, accuracyAxis}) {
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
  }
  accuracyAxis->setTickInterval(roundTickStep(100, 4, true));
  m_chart->addAxis(m_stepAxis, Qt::AlignBottom);
  m_chart->addAxis(m_lossAxis, Qt::AlignLeft);
  m_chart->addAxis(accuracyAxis, Qt::AlignRight);
  m_lossSeries->attachAxis(m_stepAxis);
  m_lossSeries->attachAxis(m_lossAxis);
  m_accuracySeries->attachAxis(m_stepAxis);
  m_accuracySeries->attachAxis(accuracyAxis);
  auto *chartView = new QChartView(m_chart, this);
  chartView->setObjectName(QStringLiteral("trainChart"));
  chartView->setRenderHint(QPainter::Antialiasing);
  chartView->setMinimumSize(260, 220);
  chartView->setToolTip(tr("Mean cross-entropy (left axis) and argmax accuracy over scored tokens (right axis) of "
                           "the training batches"));

  auto *form = new QFormLayout;
  form->addRow(tr("Task:"), m_task);
  form->addRow(tr("Layers:"), m_layers);
  form->addRow(tr("Heads:"), m_heads);
  form->addRow(tr("d_model:"), m_dModel);
  form->addRow(tr("Steps:"), m_steps);
  form->addRow(tr("Speed:"), m_speed);
  auto *buttons = new QHBoxLayout;
  buttons->addWidget(m_start);
  buttons->addWidget(m_pause);
  buttons->addWidget(m_stop);
  auto *saveRow = new QHBoxLayout;
  saveRow->addWidget(m_follow, 1);
  saveRow->addWidget(m_save);
  auto *layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addLayout(buttons);
  layout->addLayout(saveRow);
  layout->addWidget(m_status);
  layout->addWidget(chartView, 1);
  layout->addWidget(m_message);

  connect(m_task, &QComboBox::currentIndexChanged, this, &TrainPanel::applyTaskDefaults);
  connect(m_speed, &QComboBox::currentIndexChanged, this,
          [this] { m_worker->setMaxStepsPerSecond(m_speed->currentData().toDouble()); });
  // Before a run, the axes already span the steps it will take.
  connect(m_steps, &QSpinBox::valueChanged, this, [this] {
    if (!m_worker->isActive() && m_lossSeries->count() == 0) setStepRange(m_steps->value());
  });
  connect(m_start, &QPushButton::clicked, this, &TrainPanel::start);
  connect(m_pause, &QPushButton::clicked, this, &TrainPanel::togglePause);
  connect(m_stop, &QPushButton::clicked, this, &TrainPanel::stop);
  connect(m_save, &QPushButton::clicked, this, &TrainPanel::chooseSaveFolder);
  connect(m_worker, &TrainingWorker::stateChanged, this, &TrainPanel::updateControls);
  connect(m_worker, &TrainingWorker::progressReported, this, &TrainPanel::showProgress);
  connect(m_worker, &TrainingWorker::snapshotReady, this, &TrainPanel::showSnapshot);
  connect(m_follow, &QCheckBox::toggled, this, [this](bool show) {
    if (show) emitSnapshot();
  });
  connect(m_worker, &TrainingWorker::failed, this, [this](const QString &message) {
    showMessage(tr("Training failed: %1").arg(message), true);
  });
  connect(m_worker, &TrainingWorker::saved, this, [this](const QString &folder) {
    showMessage(tr("Saved to %1").arg(QDir::toNativeSeparators(folder)));
    emit modelSaved(folder);
  });
  connect(m_worker, &TrainingWorker::saveFailed, this, [this](const QString &folder, const QString &message) {
    showMessage(tr("Could not save to %1: %2").arg(QDir::toNativeSeparators(folder), message), true);
  });
  applyTaskDefaults();
  setStepRange(m_steps->value());
  setLossRange(m_maxLoss);
  updateControls();
}

TrainPanel::~TrainPanel() = default;

QString TrainPanel::currentTask() const { return m_task->currentText(); }

void TrainPanel::applyTaskDefaults() {
  const core::TrainingOptions defaults = core::make_task(currentTask().toStdString())->defaults();
  m_layers->setValue(defaults.layers);
  m_heads->setValue(defaults.heads);
  m_dModel->setValue(defaults.d_model);
  m_steps->setValue(defaults.steps);
}

core::TrainingOptions TrainPanel::options() const {
  const core::TrainingOptions defaults = core::make_task(currentTask().toStdString())->defaults();
  core::TrainingOptions options = defaults;
  options.layers = m_layers->value();
  options.heads = m_heads->value();
  options.d_model = m_dModel->value();
  // Keep the task's feed-forward ratio (reverse: 2×, translate: 4×).
  options.d_ff = std::max(8, defaults.d_ff * options.d_model / std::max(1, defaults.d_model));
  options.steps = m_steps->value();
  // A run shorter than the task's own still spends no more than a quarter of it warming up.
  options.adam.warmup_steps = std::clamp(options.steps / 4, 1, defaults.adam.warmup_steps);
  return options;
}

void TrainPanel::start() {
  if (m_worker->isActive()) return;
  const core::TrainingOptions chosen = options();
  if (chosen.d_model % chosen.heads != 0) {
    showMessage(tr("d_model (%1) must be a multiple of the number of heads (%2).").arg(chosen.d_model).arg(chosen.heads),
                true);
    return;
  }
  m_lossSeries->clear();
  m_accuracySeries->clear();
  m_bucketSteps = std::max(1, chosen.steps / kMaxChartPoints);
  m_bucketCount = 0;
  m_bucketLoss = m_bucketAccuracy = 0;
  m_maxLoss = 1;
  m_snapshot.reset();
  setStepRange(chosen.steps);
  setLossRange(m_maxLoss);
  try {
    m_worker->start(currentTask(), chosen);
  } catch (const std::exception &error) {
    showMessage(tr("Cannot train with these settings: %1").arg(QString::fromStdString(error.what())), true);
    return;
  }
  showMessage({});
  m_status->setText(tr("Starting…"));
}

void TrainPanel::setStepRange(int steps) {
  m_stepAxis->setRange(0, std::max(steps, 1));
  m_stepAxis->setTickInterval(roundTickStep(std::max(steps, 1), 5, true));
}

void TrainPanel::setLossRange(double maximum) {
  m_lossAxis->setRange(0, maximum);
  m_lossAxis->setTickInterval(roundTickStep(maximum, 5));
}

void TrainPanel::clearRun() {
  if (m_worker->isActive()) return;
  m_lossSeries->clear();
  m_accuracySeries->clear();
  m_maxLoss = 1;
  setStepRange(m_steps->value());
  setLossRange(m_maxLoss);
  m_status->setText(tr("Not started"));
  showMessage({});
}

void TrainPanel::togglePause() {
  if (m_worker->state() == TrainingWorker::State::Running) m_worker->pause();
  else if (m_worker->state() == TrainingWorker::State::Paused) m_worker->resume();
}

void TrainPanel::stop() { m_worker->stop(); }

void TrainPanel::updateControls() {
  const TrainingWorker::State state = m_worker->state();
  const bool active = m_worker->isActive();
  for (QWidget *control : std::initializer_list<QWidget *>{m_task, m_layers, m_heads, m_dModel, m_steps}) {
    control->setEnabled(!active);
  }
  m_start->setEnabled(!active);
  m_pause->setEnabled(state == TrainingWorker::State::Running || state == TrainingWorker::State::Paused);
  m_pause->setText(state == TrainingWorker::State::Paused ? tr("&Resume") : tr("&Pause"));
  m_stop->setEnabled(state == TrainingWorker::State::Running || state == TrainingWorker::State::Paused);
  m_save->setEnabled(m_worker->hasTrainer());
  updateStatus();
  emit trainingActiveChanged(active);
}

void TrainPanel::showProgress(const std::vector<core::TrainingProgress> &steps) {
  QList<QPointF> loss;
  QList<QPointF> accuracy;
  for (const core::TrainingProgress &progress : steps) {
    m_bucketLoss += progress.loss;
    m_bucketAccuracy += progress.accuracy;
    if (++m_bucketCount < m_bucketSteps && progress.step < progress.total_steps) continue;
    const double meanLoss = m_bucketLoss / m_bucketCount;
    loss << QPointF(progress.step, meanLoss);
    accuracy << QPointF(progress.step, 100.0 * m_bucketAccuracy / m_bucketCount);
    m_maxLoss = std::max(m_maxLoss, meanLoss);
    m_bucketCount = 0;
    m_bucketLoss = m_bucketAccuracy = 0;
  }
  if (!loss.isEmpty()) {
    m_lossSeries->append(loss);
    m_accuracySeries->append(accuracy);
    setLossRange(std::ceil(m_maxLoss));
  }
  updateStatus();
}

void TrainPanel::updateStatus() {
  const core::TrainingProgress progress = m_worker->progress();
  if (!m_worker->hasTrainer()) return;
  const QString numbers = tr("loss %1 · accuracy %2 %")
                              .arg(progress.loss, 0, 'f', 3)
                              .arg(100.0 * progress.accuracy, 0, 'f', 1);
  switch (m_worker->state()) {
    case TrainingWorker::State::Running:
      if (progress.step == 0) break;
      m_status->setText(tr("Step %1 / %2 · %3 steps/s · ETA %4 · %5")
                            .arg(progress.step)
                            .arg(progress.total_steps)
                            .arg(progress.steps_per_second, 0, 'f', 1)
                            .arg(duration(progress.eta_seconds), numbers));
      break;
    case TrainingWorker::State::Paused:
      m_status->setText(tr("Paused at step %1 / %2 · %3").arg(progress.step).arg(progress.total_steps).arg(numbers));
      break;
    case TrainingWorker::State::Stopping:
      m_status->setText(tr("Stopping at step %1…").arg(progress.step));
      break;
    case TrainingWorker::State::Finished:
      m_status->setText(tr("%1 at step %2 / %3 after %4 · %5")
                            .arg(progress.step < progress.total_steps ? tr("Stopped") : tr("Done"))
                            .arg(progress.step)
                            .arg(progress.total_steps)
                            .arg(duration(progress.elapsed_seconds), numbers));
      break;
    case TrainingWorker::State::Idle:
      break;
  }
}

void TrainPanel::showSnapshot(const std::shared_ptr<const core::Model> &model, int step, bool final) {
  m_snapshot = model;
  m_snapshotStep = step;
  m_snapshotFinal = final;
  if (m_follow->isChecked()) emitSnapshot();
}

void TrainPanel::emitSnapshot() {
  if (!m_snapshot) return;
  const QString task = m_worker->taskName();
  const int step = m_snapshotStep;
  QString label;
  if (!m_snapshotFinal) {
    label = tr("%1 — training, step %2").arg(task).arg(step);
  } else if (step < m_worker->totalSteps()) {
    label = tr("%1 — stopped at step %2 (not saved)").arg(task).arg(step);
  } else {
    label = tr("%1 — trained, %2 steps (not saved)").arg(task).arg(step);
  }
  emit modelTrained(m_snapshot, label);
}

void TrainPanel::setShowInViews(bool show) { m_follow->setChecked(show); }

bool TrainPanel::showsInViews() const { return m_follow->isChecked(); }

bool TrainPanel::confirmClose() {
  if (!isTraining()) return true;
  CloseAnswer answer = CloseAnswer::KeepTraining;
  if (m_confirmClose) {
    answer = m_confirmClose();
  } else {
    const core::TrainingProgress progress = m_worker->progress();
    QMessageBox box(QMessageBox::Question, tr("Training in Progress"),
                    tr("Training %1 is at step %2 of %3. Closing the window discards the run.")
                        .arg(m_worker->taskName())
                        .arg(progress.step)
                        .arg(progress.total_steps),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("To keep the model, choose Keep Training and use Save… in the Train panel."));
    box.addButton(QMessageBox::Discard);
    QPushButton *keep = box.addButton(tr("Keep Training"), QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    answer = box.clickedButton() == keep ? CloseAnswer::KeepTraining : CloseAnswer::Discard;
  }
  if (answer == CloseAnswer::KeepTraining) return false;
  m_worker->stop();
  return true;
}

bool TrainPanel::ask(const QString &title, const QString &text) {
  if (m_question) return m_question(title, text);
  return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::No, QMessageBox::No) ==
         QMessageBox::Yes;
}

void TrainPanel::chooseSaveFolder() {
  QString folder;
  if (m_chooseFolder) {
    folder = m_chooseFolder();
  } else {
    const QString start = m_lastSaveFolder.isEmpty() ? QDir::homePath() : QFileInfo(m_lastSaveFolder).absolutePath();
    folder = QFileDialog::getSaveFileName(this, tr("Save Trained Model as a Folder"),
                                          start + QLatin1Char('/') + m_worker->taskName() + QStringLiteral("-trained"),
                                          QString(), nullptr, QFileDialog::DontConfirmOverwrite);
  }
  if (!folder.isEmpty()) saveTo(folder);
}

bool TrainPanel::saveTo(const QString &folder) {
  if (folder.isEmpty() || !m_worker->hasTrainer()) return false;
  const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
  const QFileInfo info(path);
  if (info.exists() && !info.isDir()) {
    showMessage(tr("%1 is a file; choose a folder name.").arg(QDir::toNativeSeparators(path)), true);
    return false;
  }
  const QString bundled = bundledFolderHolding(path);
  if (!bundled.isEmpty() &&
      !ask(tr("Save Among the Bundled Models?"),
           tr("%1 is inside the app's bundled models (%2). Saving there changes the models the app ships with. "
              "Save there anyway?")
               .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(bundled)))) {
    return false;
  }
  if (info.isDir() && !QDir(path).isEmpty() &&
      !ask(tr("Replace Folder Contents?"),
           tr("%1 is not empty. Saving replaces its config.json, model.safetensors and vocabulary files. Continue?")
               .arg(QDir::toNativeSeparators(path)))) {
    return false;
  }
  m_lastSaveFolder = path;
  showMessage(tr("Saving to %1…").arg(QDir::toNativeSeparators(path)));
  m_worker->save(path);
  return true;
}

void TrainPanel::showMessage(const QString &text, bool error) {
  m_message->setText(text);
  m_message->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

}  // namespace ui
