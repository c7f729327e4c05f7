#include "training_worker.h"

#include <algorithm>
#include <exception>
#include <filesystem>

#include <QThread>

namespace ui {

TrainingWorker::TrainingWorker(QObject *parent) : QObject(parent) {
  qRegisterMetaType<std::shared_ptr<const core::Model>>();
}

TrainingWorker::~TrainingWorker() {
  if (m_trainer) m_trainer->stop();
  joinThread();
  if (m_saver) {
    m_saver->wait();
    delete m_saver;
  }
}

void TrainingWorker::start(const QString &task, const core::TrainingOptions &options) {
  joinThread();  // a finished run's thread has already returned
  std::shared_ptr<const core::Task> made = core::make_task(task.toStdString());
  auto trainer = std::make_shared<core::Trainer>(std::move(made), options);
  m_trainer = trainer;
  m_task = task;
  m_totalSteps = options.steps;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_pending.clear();
  }
  const std::uint64_t run = ++m_run;
  m_stopRequested = false;
  // One folder per run: each snapshot replaces the files atomically, and a model loaded from an
  // earlier snapshot keeps its own (unlinked) weights mapped.
  const std::filesystem::path folder =
      std::filesystem::path(m_scratch.path().toStdString()) / ("run-" + std::to_string(run));
  m_thread = std::thread([this, trainer, folder, run] {
    try {
      auto lastTime = std::chrono::steady_clock::now();
      auto stepStart = lastTime;
      int lastStep = 0;
      trainer->run([&](const core::TrainingProgress &progress) {
        // The speed control: wait (in short slices, so Stop stays prompt) before the next step.
        const auto taken =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stepStart);
        for (auto wait = waitBeforeNextStep(taken, m_maxStepsPerSecond.load());
             wait.count() > 0 && !m_stopRequested.load(); wait -= std::chrono::milliseconds(20)) {
          std::this_thread::sleep_for(std::min(wait, std::chrono::milliseconds(20)));
        }
        stepStart = std::chrono::steady_clock::now();
        int everySteps = 0;
        std::chrono::milliseconds period{};
        {
          const std::lock_guard<std::mutex> lock(m_mutex);
          m_pending.push_back(progress);
          everySteps = m_snapshotSteps;
          period = m_snapshotPeriod;
        }
        if (progress.step >= progress.total_steps) return;  // the final snapshot follows run()
        const auto now = std::chrono::steady_clock::now();
        // Paused: show the model the user is now looking at.
        if (progress.step - lastStep >= everySteps || now - lastTime >= period || trainer->paused()) {
          try {
            auto model = std::make_shared<const core::Model>(trainer->snapshot(folder));
            QMetaObject::invokeMethod(
                this, [this, run, model, step = progress.step] {
                  if (run == m_run) emit snapshotReady(model, step, false);
                },
                Qt::QueuedConnection);
          } catch (const std::exception &) {
            // A snapshot that cannot be written (a full disk) only delays the views; the run goes on
            // and the final snapshot reports the error.
          }
          lastStep = progress.step;
          lastTime = std::chrono::steady_clock::now();
        }
      });
      auto model = std::make_shared<const core::Model>(trainer->snapshot(folder));
      QMetaObject::invokeMethod(
          this, [this, run, model, step = trainer->progress().step] {
            if (run == m_run) emit snapshotReady(model, step, true);
          },
          Qt::QueuedConnection);
    } catch (const std::exception &error) {
      QMetaObject::invokeMethod(
          this, [this, run, message = QString::fromStdString(error.what())] {
            if (run == m_run) emit failed(message);
          },
          Qt::QueuedConnection);
    }
    QMetaObject::invokeMethod(this, [this, run] { finishRun(run); }, Qt::QueuedConnection);
  });
  setState(State::Running);
}

void TrainingWorker::pause() {
  if (m_state != State::Running) return;
  m_trainer->pause();
  setState(State::Paused);
}

void TrainingWorker::resume() {
  if (m_state != State::Paused) return;
  m_trainer->resume();
  setState(State::Running);
}

void TrainingWorker::stop() {
  if (m_state != State::Running && m_state != State::Paused) return;
  m_stopRequested = true;
  m_trainer->stop();  // also wakes a paused run
  setState(State::Stopping);
}

void TrainingWorker::setMaxStepsPerSecond(double stepsPerSecond) { m_maxStepsPerSecond = std::max(0.0, stepsPerSecond); }

std::chrono::milliseconds TrainingWorker::waitBeforeNextStep(std::chrono::milliseconds taken, double stepsPerSecond) {
  if (stepsPerSecond <= 0) return std::chrono::milliseconds(0);
  // One step every 1/rate seconds: what the step itself took counts towards it.
  const auto period = std::chrono::milliseconds(static_cast<long long>(1000.0 / stepsPerSecond + 0.5));
  return std::max(std::chrono::milliseconds(0), period - taken);
}

core::TrainingProgress TrainingWorker::progress() const {
  return m_trainer ? m_trainer->progress() : core::TrainingProgress{};
}

std::vector<core::TrainingProgress> TrainingWorker::takeProgress() {
  std::vector<core::TrainingProgress> taken;
  const std::lock_guard<std::mutex> lock(m_mutex);
  taken.swap(m_pending);
  return taken;
}

void TrainingWorker::setSnapshotInterval(int steps, int milliseconds) {
  const std::lock_guard<std::mutex> lock(m_mutex);
  m_snapshotSteps = std::max(1, steps);
  m_snapshotPeriod = std::chrono::milliseconds(std::max(1, milliseconds));
}

void TrainingWorker::save(const QString &folder) {
  if (!m_trainer) {
    emit saveFailed(folder, tr("There is no trained model to save."));
    return;
  }
  if (m_saver) {
    emit saveFailed(folder, tr("Another save is still being written."));
    return;
  }
  auto error = std::make_shared<QString>();
  // save() locks the weights only against Adam's update, so this works while training runs.
  m_saver = QThread::create([trainer = m_trainer, path = std::filesystem::path(folder.toStdString()), error] {
    try {
      trainer->save(path);
    } catch (const std::exception &e) {
      *error = QString::fromStdString(e.what());
    }
  });
  m_saver->setObjectName(QStringLiteral("attnscope-save"));
  connect(m_saver, &QThread::finished, this, [this, saver = m_saver, folder, error] {
    if (m_saver == saver) m_saver = nullptr;
    saver->deleteLater();
    if (error->isEmpty()) emit saved(folder);
    else emit saveFailed(folder, *error);
  });
  m_saver->start();
}

bool TrainingWorker::isSaving() const { return m_saver != nullptr; }

void TrainingWorker::setState(State state) {
  if (state == m_state) return;
  m_state = state;
  emit stateChanged(state);
}

void TrainingWorker::finishRun(std::uint64_t run) {
  if (run != m_run) return;
  joinThread();
  setState(State::Finished);
}

void TrainingWorker::joinThread() {
  if (m_thread.joinable()) m_thread.join();
}

}  // namespace ui
