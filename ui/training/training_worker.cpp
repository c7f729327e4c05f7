#include "training_worker.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>

#include <QTemporaryDir>

namespace ui {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The chart and the step counter hear from a run at most this often, however fast steps come.
constexpr milliseconds kReportPeriod{100};

// What a run's job hands back: its last snapshot, or why there is none.
struct RunOutcome {
  std::shared_ptr<const core::Model> model;
  int step = 0;
  QString error;
};

// Sleeps for `wait`, or less when the stop is requested meanwhile (Stop during a slow run).
void sleepUnlessStopped(milliseconds wait, const std::stop_token &stop) {
  if (wait.count() <= 0) return;
  std::mutex mutex;
  std::condition_variable_any woken;
  std::unique_lock<std::mutex> lock(mutex);
  woken.wait_for(lock, stop, wait, [] { return false; });
}

// The whole run, on the Training lane's thread. Reports go through runner.post, which drops them
// once this job is no longer the lane's newest (a new run, the worker's or the window's end).
RunOutcome runTraining(JobRunner &runner, const JobContext &context, const QPointer<const QObject> &receiver,
                       const QPointer<TrainingWorker> &worker, core::Trainer &trainer, const TrainingWorker::RunSettings &settings,
                       const std::filesystem::path &folder) {
  const quint64 id = context.id();
  const std::stop_token stop = context.stopToken();
  std::vector<core::TrainingProgress> unreported;
  Clock::time_point lastReport = Clock::now();
  Clock::time_point lastSnapshot = lastReport;
  Clock::time_point stepStart = lastReport;
  int lastSnapshotStep = 0;

  const auto report = [&] {
    if (unreported.empty()) return;
    runner.post(JobLane::Training, id, receiver, [worker, steps = std::move(unreported)] {
      if (worker) emit worker->progressReported(steps);
    });
    unreported.clear();
    lastReport = Clock::now();
  };
  const auto postSnapshot = [&](int step) {
    try {
      auto model = std::make_shared<const core::Model>(trainer.snapshot(folder));
      runner.post(JobLane::Training, id, receiver, [worker, model, step] {
        if (worker) emit worker->snapshotReady(model, step, false);
      });
    } catch (const std::exception &) {
      // A snapshot that cannot be written (a full disk) only delays the views; the run goes on and
      // the final snapshot reports the error.
    }
    lastSnapshotStep = step;
    lastSnapshot = Clock::now();
  };

  try {
    trainer.run(
        [&](const core::TrainingProgress &progress) {
          unreported.push_back(progress);
          // Paused: report now and show the model the user is now looking at.
          const bool paused = trainer.paused();
          if (Clock::now() - lastReport >= kReportPeriod || paused) report();
          const bool due = progress.step - lastSnapshotStep >= settings.snapshotSteps.load() ||
                           Clock::now() - lastSnapshot >= milliseconds(settings.snapshotMilliseconds.load());
          if (progress.step < progress.total_steps && (due || paused)) postSnapshot(progress.step);
          if (progress.step >= progress.total_steps) return;  // no step follows the last
          // The speed control: what the step (and its snapshot) took counts towards the period.
          const auto taken = std::chrono::duration_cast<milliseconds>(Clock::now() - stepStart);
          sleepUnlessStopped(TrainingWorker::waitBeforeNextStep(taken, settings.maxStepsPerSecond.load()), stop);
          stepStart = Clock::now();
        },
        stop);
    report();
    // A superseded run (a new run, the window closing) delivers nothing: no final snapshot to write.
    if (context.superseded()) return {};
    RunOutcome outcome;
    outcome.model = std::make_shared<const core::Model>(trainer.snapshot(folder));
    outcome.step = trainer.progress().step;
    return outcome;
  } catch (const std::exception &error) {
    report();
    RunOutcome outcome;
    outcome.error = QString::fromStdString(error.what());
    return outcome;
  }
}

}  // namespace

TrainingWorker::TrainingWorker(JobRunner *runner, QObject *parent)
    : QObject(parent),
      m_runner(runner),
      m_settings(std::make_shared<RunSettings>()),
      m_scratch(std::make_shared<QTemporaryDir>()) {
  qRegisterMetaType<std::shared_ptr<const core::Model>>();
}

TrainingWorker::~TrainingWorker() {
  // The job holds what it needs (trainer, settings, scratch folder); it stops at its next check.
  if (m_runner && isActive() && m_runner->latest(JobLane::Training) == m_run) m_runner->supersede(JobLane::Training);
}

void TrainingWorker::start(const QString &task, const core::TrainingOptions &options) {
  if (!m_runner) throw std::logic_error("the window is closing");
  std::shared_ptr<const core::Task> made = core::make_task(task.toStdString());
  auto trainer = std::make_shared<core::Trainer>(std::move(made), options);
  m_trainer = trainer;
  m_task = task;
  m_totalSteps = options.steps;
  // One folder per run: each snapshot replaces the files atomically, and a model loaded from an
  // earlier snapshot keeps its own (unlinked) weights mapped.
  const std::filesystem::path folder =
      std::filesystem::path(m_scratch->path().toStdString()) / ("run-" + std::to_string(++m_runNumber));
  JobRunner *runner = m_runner;
  // Taken here, on the GUI thread; the job reads them only to hand them back through the runner.
  const QPointer<const QObject> receiver(this);
  const QPointer<TrainingWorker> self(this);
  m_run = runner->submit(
      JobLane::Training, this,
      [runner, receiver, self, trainer, settings = m_settings, scratch = m_scratch, folder](const JobContext &context) {
        return runTraining(*runner, context, receiver, self, *trainer, *settings, folder);
      },
      [this](RunOutcome outcome) {
        if (!outcome.error.isEmpty()) emit failed(outcome.error);
        else if (outcome.model) emit snapshotReady(outcome.model, outcome.step, true);
        setState(State::Finished);
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
  // Cancel, not supersede: the run's last model is still delivered. Its stop token also wakes a
  // paused run and a speed-limit wait.
  if (m_runner && m_runner->latest(JobLane::Training) == m_run) m_runner->cancel(JobLane::Training);
  setState(State::Stopping);
}

void TrainingWorker::setMaxStepsPerSecond(double stepsPerSecond) {
  m_settings->maxStepsPerSecond = std::max(0.0, stepsPerSecond);
}

double TrainingWorker::maxStepsPerSecond() const { return m_settings->maxStepsPerSecond.load(); }

std::chrono::milliseconds TrainingWorker::waitBeforeNextStep(std::chrono::milliseconds taken, double stepsPerSecond) {
  if (stepsPerSecond <= 0) return std::chrono::milliseconds(0);
  // One step every 1/rate seconds: what the step itself took counts towards it.
  const auto period = std::chrono::milliseconds(static_cast<long long>(1000.0 / stepsPerSecond + 0.5));
  return std::max(std::chrono::milliseconds(0), period - taken);
}

core::TrainingProgress TrainingWorker::progress() const {
  return m_trainer ? m_trainer->progress() : core::TrainingProgress{};
}

void TrainingWorker::setSnapshotInterval(int steps, int milliseconds) {
  m_settings->snapshotSteps = std::max(1, steps);
  m_settings->snapshotMilliseconds = std::max(1, milliseconds);
}

void TrainingWorker::save(const QString &folder) {
  if (!m_trainer) {
    emit saveFailed(folder, tr("There is no trained model to save."));
    return;
  }
  if (!m_runner || isSaving()) {
    emit saveFailed(folder, tr("Another save is still being written."));
    return;
  }
  // save() locks the weights only against Adam's update, so this works while training runs. The
  // lane is its own: nothing supersedes a save, and the runner's end waits for it.
  m_runner->submit(
      JobLane::TrainingSave, this,
      [trainer = m_trainer, path = std::filesystem::path(folder.toStdString())](const JobContext &) {
        try {
          trainer->save(path);
          return QString();
        } catch (const std::exception &error) {
          return QString::fromStdString(error.what());
        }
      },
      [this, folder](const QString &error) {
        if (error.isEmpty()) emit saved(folder);
        else emit saveFailed(folder, error);
      });
}

bool TrainingWorker::isSaving() const { return m_runner && m_runner->isBusy(JobLane::TrainingSave); }

void TrainingWorker::setState(State state) {
  if (state == m_state) return;
  m_state = state;
  emit stateChanged(state);
}

}  // namespace ui
