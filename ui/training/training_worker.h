#pragma once
// Runs a core::Trainer for the Train panel as one job on the window's JobRunner (the Training
// lane), like every other computation of the window. The job never touches a widget: it posts the
// steps' numbers through the runner at most ten times a second, and every few steps — or when
// paused — a snapshot: the weights saved and loaded as a core::Model, a complete model folder the
// views read like one the user opened. The run's last snapshot is the job's result.
//
// Cooperative stop: the job passes its JobContext's stop token to Trainer::run, which checks it
// between steps and wakes a paused run. Stop (cancel: the last model is still delivered), a new
// run, this worker's end or the runner's end (closing the window) request it, so none of them
// waits for more than the step in flight. Whatever a stopped or superseded run posts is dropped.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include <QObject>
#include <QPointer>
#include <QString>

#include "analysis.h"
#include "job_runner.h"
#include "training/training_trainer.h"

class QTemporaryDir;

namespace ui {

class TrainingWorker : public QObject {
  Q_OBJECT

 public:
  enum class State { Idle, Running, Paused, Stopping, Finished };
  Q_ENUM(State)

  explicit TrainingWorker(JobRunner *runner, QObject *parent = nullptr);
  ~TrainingWorker() override;  // supersedes a run still going: it ends after the step in flight

  // Builds the trainer (throws std::invalid_argument for options core cannot train) and submits
  // the run to the Training lane. A previous run's trainer is dropped.
  void start(const QString &task, const core::TrainingOptions &options);
  void pause();
  void resume();
  void stop();  // the run ends after the step in flight; finished follows with its final model

  State state() const { return m_state; }
  bool isActive() const { return m_state == State::Running || m_state == State::Paused || m_state == State::Stopping; }
  bool hasTrainer() const { return m_trainer != nullptr; }
  // The run's trainer (shared with its job while it runs); null before the first run.
  std::shared_ptr<const core::Trainer> trainer() const { return m_trainer; }
  QString taskName() const { return m_task; }
  int totalSteps() const { return m_totalSteps; }
  core::TrainingProgress progress() const;

  // A snapshot every `steps` steps or every `milliseconds`, whichever comes first.
  void setSnapshotInterval(int steps, int milliseconds);
  // At most this many steps per second, so a class can watch the pattern form; 0: as fast as the
  // machine goes. Takes effect at the next step, also during a run.
  void setMaxStepsPerSecond(double stepsPerSecond);
  double maxStepsPerSecond() const;
  // How long a step that took `taken` must wait before the next one at that speed (0: none).
  static std::chrono::milliseconds waitBeforeNextStep(std::chrono::milliseconds taken, double stepsPerSecond);

  // Writes the current weights as a model folder on the TrainingSave lane; saved or saveFailed follows.
  void save(const QString &folder);
  bool isSaving() const;

  // What a run's job shares with the GUI thread: the controls it reads between steps.
  struct RunSettings {
    std::atomic<double> maxStepsPerSecond{0.0};
    std::atomic<int> snapshotSteps{100};
    std::atomic<int> snapshotMilliseconds{1500};
  };

 signals:
  void stateChanged(ui::TrainingWorker::State state);
  // The steps done since the last report, oldest first (at most ten reports a second).
  void progressReported(const std::vector<core::TrainingProgress> &steps);
  // The weights after `step`, loaded as a model. `final`: the run has ended (done or stopped).
  void snapshotReady(std::shared_ptr<const core::Model> model, int step, bool final);
  void failed(const QString &message);
  void saved(const QString &folder);
  void saveFailed(const QString &folder, const QString &message);

 private:
  void setState(State state);

  QPointer<JobRunner> m_runner;  // the window's; it may end first (it is the window's first child)
  std::shared_ptr<core::Trainer> m_trainer;  // shared with the run's job and a save in progress
  std::shared_ptr<RunSettings> m_settings;   // shared with every run's job
  std::shared_ptr<QTemporaryDir> m_scratch;  // snapshot folders; shared with the jobs that write there
  quint64 m_run = 0;  // the Training lane's id of this worker's newest run
  std::uint64_t m_runNumber = 0;
  State m_state = State::Idle;
  QString m_task;
  int m_totalSteps = 0;
};

}  // namespace ui
